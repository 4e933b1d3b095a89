// The commands besides the plan, in one place for main.ts.
export { sweepCommand } from "./sweep-command.js";
export { scaffoldCommand } from "./scaffold-command.js";
export { diffCommand } from "./diff-command.js";
export { pricesPull, pricesShow } from "./prices-command.js";
export { profilesCommand } from "./profiles-command.js";
