import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/** The installed package's root (holds models/ and profiles/), from src/ or the built dist/. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "models")) || !existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("heirloom-plan: cannot find its models/ folder (a broken install?)");
    dir = up;
  }
  root = dir;
  return dir;
}
