// Load one instance with the plan's mix at the plan's peak requests per second per instance
// (heirloom.config.json loadTest): list reads across many users (so the cache's hit rate is a real one) and 10%
// creates with an Idempotency-Key. It makes its users itself (load0001@example.test …) in DATABASE_URL and signs
// their tokens with JWT_SECRET (both from .env or the environment).
// Usage: npm run build && npm run loadtest [-- URL]   (URL: the instance, default http://127.0.0.1:PORT)
// LOADTEST_DURATION_SECONDS shortens it; LOADTEST_USERS (default 500) sets how many users.
// Run the server with RATE_LIMIT_MAX raised for the test: the guide's 100 per 15 minutes per address would stop it.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { scriptConfig, tokensFor } from "./lib/users.mjs";

const config = scriptConfig("loadtest", 2);
const plan = JSON.parse(readFileSync(new URL("../heirloom.config.json", import.meta.url), "utf8"));
const base = (process.argv[2] ?? `http://127.0.0.1:${config.port}`).replace(/\/api\/vault\/items\/?$/, "").replace(/\/$/, "");
const rate = Math.max(1, Math.ceil(plan.loadTest.targetRpsPerInstance));
const duration = Number(process.env.LOADTEST_DURATION_SECONDS ?? plan.loadTest.durationSeconds);
const userCount = Number(process.env.LOADTEST_USERS ?? 500);

const emails = Array.from({ length: userCount }, (_, i) => `load${String(i + 1).padStart(4, "0")}@example.test`);
const tokens = (await tokensFor("loadtest", config, emails, "1h")).map((t) => `Bearer ${t}`);
// A few users are busy and most are not (the square of a uniform draw), as in the drill.
const pickToken = () => tokens[Math.floor(tokens.length * Math.random() ** 2)];

console.log(
  `loading ${base} at ${rate} requests/s for ${duration} s: 90% list reads over ${userCount} users, 10% creates ` +
    `(plan: ${plan.plan.peakRps.toFixed(1)} peak RPS over ${plan.plan.instances} instances)`,
);
const counts = { reads: 0, writes: 0, HIT: 0, MISS: 0, BYPASS: 0 };
const result = await autocannon({
  url: base,
  overallRate: rate,
  connections: Math.min(100, rate),
  duration,
  requests: [
    {
      setupRequest: (req) => {
        const headers = { ...req.headers, authorization: pickToken() };
        if (Math.random() < 0.1) {
          counts.writes++;
          return { ...req, method: "POST", path: "/api/vault/items", headers: { ...headers, "content-type": "application/json", "idempotency-key": randomUUID() }, body: JSON.stringify({ type: "note", title: "load test" }) };
        }
        counts.reads++;
        return { ...req, method: "GET", path: "/api/vault/items", headers, body: undefined };
      },
      onResponse: (_status, _body, _context, headers) => {
        const outcome = headers?.["x-cache"];
        if (outcome in counts) counts[outcome]++;
      },
    },
  ],
});
console.log(autocannon.printResult(result));
const listed = counts.HIT + counts.MISS + counts.BYPASS;
const hitRate = listed ? ((100 * counts.HIT) / listed).toFixed(0) : "0";
const p99 = result.latency.p99;
console.log(`mix: ${counts.reads} reads (cache hits ${hitRate}%), ${counts.writes} creates`);
console.log(`p99 latency ${p99} ms (the guide's target: under 200 ms); non-2xx: ${result.non2xx}`);
process.exitCode = p99 < 200 && result.non2xx === 0 && result.errors === 0 ? 0 : 1;
