// Every command's code behind one dynamic import: one chunk to load instead of a dozen small shared
// ones (each module file costs Node's ESM loader time at start-up).
export { planCommand } from "./plan-command.js";
export { sweepCommand } from "./sweep-command.js";
export { scaffoldCommand } from "./scaffold-command.js";
export { diffCommand } from "./diff-command.js";
export { pricesPull, pricesShow } from "./prices-command.js";
export { profilesCommand } from "./profiles-command.js";
