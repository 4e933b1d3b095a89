// Benchmark: median wall time of a plan next to bare `node -e ""` on this machine, and their ratio.
// Usage: npm run bench [-- --runs 31]. Prints figures; asserts nothing (speed is not a test).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 21;
const bin = fileURLToPath(new URL("../bin/heirloom-plan.js", import.meta.url));

function median(cmd, args) {
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    if (i >= 2) times.push(ms); // two warm-up runs fill the file cache
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const cases = [
  ["plan --users 1000000 --format json", [bin, "--users", "1000000", "--format", "json"]],
  ["plan --users 1000000 (table)", [bin, "--users", "1000000"]],
  ...(process.argv.includes("--all") ? [["sweep 10k..100m --steps 1000 --format json", [bin, "sweep", "--users", "10k..100m", "--steps", "1000", "--format", "json"]]] : []),
];
const baseline = median(process.execPath, ["-e", ""]);
console.log(`runs per case: ${runs} (median), node ${process.version}`);
console.log(`node -e ""                               ${baseline.toFixed(1)} ms`);
for (const [name, args] of cases) {
  const t = median(process.execPath, args);
  console.log(`${name.padEnd(40)} ${t.toFixed(1)} ms   ratio ${(t / baseline).toFixed(2)}x`);
}
