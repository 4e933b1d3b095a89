// A stand-in heirloom backend on 127.0.0.1 for the calibration driver's tests: /health, /metrics behind a
// token, and the vault list and create behind user tokens, with the counters the real backend exposes.
// Behaviours switch per test: another service, errors under load, a rate limit.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandInOptions {
  service?: string;
  processes?: number;
  metricsToken?: string;
  userTokens?: string[];
  /** After this many API requests, answer 503 to every one. */
  failAfter?: number;
  /** Milliseconds each API request takes. */
  delayMs?: number;
}

export interface StandIn {
  url: string;
  counts: { api: number; reads: number; writes: number; keys: Set<string>; paths: Set<string> };
  close(): Promise<void>;
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const metricsToken = options.metricsToken ?? "metrics-secret";
  const users = new Set(options.userTokens ?? ["user-1", "user-2"]);
  const counts = { api: 0, reads: 0, writes: 0, keys: new Set<string>(), paths: new Set<string>() };
  let hits = 0;
  let misses = 0;
  let queries = 0;
  let served = 0;
  const cached = new Set<string>();
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    counts.paths.add(`${req.method} ${url.pathname}`);
    if (url.pathname === "/health") {
      return json(res, 200, { status: "ok", service: options.service ?? "heirloom-backend", version: "0.0.0-stand-in", processes: options.processes ?? 1, dependencies: { database: "up", redis: "up" } });
    }
    if (url.pathname === "/metrics") {
      if (req.headers.authorization !== `Bearer ${metricsToken}`) return json(res, 401, { error: "no" });
      const cpu = process.cpuUsage();
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      return res.end(
        [
          "# TYPE process_cpu_seconds_total counter",
          `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
          `process_resident_memory_bytes ${process.memoryUsage().rss}`,
          `cache_hits_total ${hits}`,
          `cache_misses_total ${misses}`,
          "cache_bypass_total 0",
          `db_queries_total ${queries}`,
          `http_request_duration_seconds_count{method="GET",route="/api/vault/items",status="200"} ${served}`,
          "",
        ].join("\n"),
      );
    }
    if (url.pathname === "/api/vault/items") {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (!token || !users.has(token)) return json(res, 401, { error: "invalid token" });
      counts.api++;
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      if (options.failAfter !== undefined && counts.api > options.failAfter) return json(res, 503, { error: "unavailable" });
      if (req.method === "POST") {
        counts.writes++;
        const key = String(req.headers["idempotency-key"] ?? "");
        if (key) counts.keys.add(key);
        for await (const _ of req);
        queries += 1;
        cached.delete(token);
        return json(res, 201, { id: key });
      }
      counts.reads++;
      if (cached.has(token)) hits++;
      else {
        misses++;
        queries += 1;
        cached.add(token);
      }
      return json(res, 200, { items: [], limit: 20, offset: 0 });
    }
    json(res, 404, { error: "not found" });
  };
  const server: Server = createServer((req, res) => {
    void handle(req, res)
      // A client that goes away mid-request (the driver ends a step with requests in flight) aborts the
      // body being read: nothing to answer, and not an error of the test.
      .catch(() => res.destroy())
      .finally(() => {
        served++;
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
