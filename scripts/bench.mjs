// Benchmark: median wall time of a plan next to bare `node -e ""` on this machine, and their ratio (run by run).
// Usage: npm run bench [-- --runs 31] [-- --all] [-- --instructions]. Prints figures; asserts nothing (speed is
// not a test). --instructions also counts each case's instructions once under valgrind's callgrind: unlike
// wall time, the count does not move with the machine's load (it does not see I/O waits and cache misses).
// The cases are interleaved run by run, so that a machine's drift weighs on all of them alike.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 31;
const bin = fileURLToPath(new URL("../bin/heirloom-plan.cjs", import.meta.url));
// No credentials and a private cache: the plan takes the path a fresh machine takes (the bundled snapshot).
const cacheHome = mkdtempSync(join(tmpdir(), "heirloom-bench-"));
process.on("exit", () => rmSync(cacheHome, { recursive: true, force: true }));
const env = { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: cacheHome, AWS_EC2_METADATA_DISABLED: "true" };

const cases = [
  ['node -e ""', ["-e", ""]],
  ["heirloom-plan --users 1000000 --format json", [bin, "--users", "1000000", "--format", "json"]],
  ["heirloom-plan --users 1000000 (table)", [bin, "--users", "1000000"]],
  ...(process.argv.includes("--all") ? [["heirloom-plan sweep 10k..100m --steps 1000 --format json", [bin, "sweep", "--users", "10k..100m", "--steps", "1000", "--format", "json"]]] : []),
];

const times = cases.map(() => []);
for (let i = 0; i < runs + 2; i++) {
  cases.forEach(([name, args], c) => {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], env });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
    if (i >= 2) times[c].push(ms); // two warm-up rounds fill the file cache
  });
}
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const median = (xs) => quantile(xs, 0.5);
const baseline = median(times[0]);
// The ratio is the median of each run's ratio to the `node -e ""` started just before it: on a shared machine whose
// speed drifts (node -e "" here moved from 75 to 101 ms between two runs of this script), a case and its baseline
// are then measured seconds apart, not minutes. The middle half of those ratios says how far one run can be off.
console.log(`${runs} interleaved runs per case (median), node ${process.version}`);
cases.forEach(([name], c) => {
  const t = median(times[c]);
  const ratios = times[c].map((ms, i) => ms / times[0][i]);
  const spread = c ? `   ratio ${median(ratios).toFixed(2)}x (middle half ${quantile(ratios, 0.25).toFixed(2)}-${quantile(ratios, 0.75).toFixed(2)})` : "";
  console.log(`${name.padEnd(58)} ${t.toFixed(1).padStart(7)} ms${spread}`);
});

if (process.argv.includes("--instructions")) {
  const counts = cases.map(([name, args]) => {
    const r = spawnSync("valgrind", ["--tool=callgrind", "--callgrind-out-file=/dev/null", "--smc-check=all-non-file", process.execPath, ...args], { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"], env, timeout: 300_000 });
    const n = /Collected : (\d+)/.exec(r.stderr ?? "")?.[1];
    if (!n) throw new Error(`callgrind gave no count for ${name} (is valgrind installed?): ${r.error ?? r.stderr}`);
    return Number(n);
  });
  console.log("instructions (callgrind, one run each)");
  cases.forEach(([name], c) => console.log(`${name.padEnd(58)} ${(counts[c] / 1e6).toFixed(0).padStart(7)} M${c ? `   ratio ${(counts[c] / counts[0]).toFixed(2)}x` : ""}`));
}
