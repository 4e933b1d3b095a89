// `heirloom-plan profiles`: the built-in profiles with their users and description.
import { builtinProfileNames, loadProfile } from "../io/profile-load.js";
import { num } from "../present/format.js";
import { writeStdout } from "../io/stdio.js";

/** List the built-in profiles, one a line. */
export async function profilesCommand(): Promise<void> {
  const lines = [];
  for (const name of builtinProfileNames()) {
    const { file } = await loadProfile(name);
    const users = file.users !== undefined ? `${num(file.users)} users` : "";
    lines.push([name, users, file.description ?? ""]);
  }
  const w0 = Math.max(...lines.map((l) => l[0].length));
  const w1 = Math.max(...lines.map((l) => l[1].length));
  writeStdout(lines.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`.trimEnd()).join("\n") + "\n");
}
