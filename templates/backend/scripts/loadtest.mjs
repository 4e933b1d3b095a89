// Load one instance at the plan's peak RPS per instance (heirloom.config.json loadTest), with autocannon.
// Usage: TOKEN=$(npm run -s token -- load@example.com) npm run loadtest [-- URL]; LOADTEST_DURATION_SECONDS shortens it.
// Run the server with RATE_LIMIT_MAX raised for the test: the guide's 100 per 15 minutes would stop it.
import autocannon from "autocannon";
import { readFileSync } from "node:fs";

const plan = JSON.parse(readFileSync(new URL("../heirloom.config.json", import.meta.url), "utf8"));
const url = process.argv[2] ?? `http://127.0.0.1:${plan.cluster.port}/api/vault/items`;
const rate = Math.max(1, Math.ceil(plan.loadTest.targetRpsPerInstance));
const duration = Number(process.env.LOADTEST_DURATION_SECONDS ?? plan.loadTest.durationSeconds);
const token = process.env.TOKEN;
if (!token) {
  console.error("set TOKEN to a bearer token (npm run -s token -- you@example.com)");
  process.exit(2);
}
console.log(`loading ${url} at ${rate} requests/s for ${duration} s (plan: ${plan.plan.peakRps.toFixed(1)} peak RPS over ${plan.plan.instances} instances)`);
const result = await autocannon({
  url,
  overallRate: rate,
  connections: Math.min(100, rate),
  duration,
  headers: { authorization: `Bearer ${token}` },
});
console.log(autocannon.printResult(result));
const p99 = result.latency.p99;
console.log(`p99 latency ${p99} ms (the guide's target: under 200 ms); non-2xx: ${result.non2xx}`);
process.exitCode = p99 < 200 && result.non2xx === 0 ? 0 : 1;
