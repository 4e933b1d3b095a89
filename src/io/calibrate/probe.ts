// Before any load: is the URL a heirloom backend, does it take our tokens, does it show its metrics? And the
// scrape of /metrics around each step. Only ever the URL given; redirects are not followed.
import { HeirloomError } from "../../core/errors.js";
import { readServerSample, type ServerSample } from "../../core/calibrate/prometheus.js";

/** The backend's /health answer (the contract of issue 12). */
export interface BackendHealth {
  status: string;
  service: string;
  version: string | null;
  processes: number;
  dependencies: Record<string, string>;
}

export interface Target {
  /** The URL as given, for messages. */
  url: string;
  origin: string;
  /** A path prefix under the origin ("" for none). */
  base: string;
}

const HEALTH_TIMEOUT_MS = 5000;
const SCRAPE_TIMEOUT_MS = 5000;

/** Why a request got no answer, in a few words. */
function networkProblem(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code;
  if ((err as Error).name === "TimeoutError" || (err as Error).name === "AbortError") return "no answer in time";
  if (code === "ECONNREFUSED") return "connection refused (is the backend running?)";
  if (code === "ENOTFOUND") return "no such host";
  if (code === "ECONNRESET") return "the connection was reset";
  return cause?.message ?? (err as Error).message;
}

async function get(target: Target, path: string, headers: Record<string, string>, timeoutMs: number): Promise<Response> {
  return fetch(`${target.origin}${target.base}${path}`, { headers, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
}

/** GET /health: the backend's identity and processes; anything else is one line (exit 2). */
export async function readHealth(target: Target): Promise<BackendHealth> {
  let res: Response;
  try {
    res = await get(target, "/health", {}, HEALTH_TIMEOUT_MS);
  } catch (err) {
    throw new HeirloomError(`--url ${target.url}: cannot reach it: ${networkProblem(err)}`);
  }
  const text = await res.text().catch(() => "");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const h = body as Partial<BackendHealth> | undefined;
  if (!h || typeof h !== "object" || h.service !== "heirloom-backend") {
    throw new HeirloomError(`--url ${target.url}: not a heirloom backend (GET /health answered ${res.status} without "service": "heirloom-backend")`);
  }
  if (res.status !== 200) {
    const down = Object.entries(h.dependencies ?? {})
      .filter(([, v]) => v === "down")
      .map(([k]) => k);
    throw new HeirloomError(`--url ${target.url}: the backend is not healthy (GET /health answered ${res.status}${down.length ? `; down: ${down.join(", ")}` : ""})`);
  }
  const processes = Number.isInteger(h.processes) && (h.processes as number) > 0 ? (h.processes as number) : 1;
  return { status: String(h.status), service: h.service, version: typeof h.version === "string" ? h.version : null, processes, dependencies: h.dependencies ?? {} };
}

/** GET /metrics with the bearer token: the counters calibration uses. A refusal is one line (exit 2). */
export async function scrapeMetrics(target: Target, token: string): Promise<ServerSample> {
  let res: Response;
  try {
    res = await get(target, "/metrics", { authorization: `Bearer ${token}` }, SCRAPE_TIMEOUT_MS);
  } catch (err) {
    throw new HeirloomError(`--url ${target.url}: GET /metrics: ${networkProblem(err)}`);
  }
  const text = await res.text().catch(() => "");
  if (res.status === 401 || res.status === 403) throw new HeirloomError(`--metrics-token: the backend refused it (GET /metrics answered ${res.status})`);
  if (res.status === 404) throw new HeirloomError(`--url ${target.url}: the backend serves no /metrics (start it with METRICS_TOKEN set)`);
  if (res.status !== 200) throw new HeirloomError(`--url ${target.url}: GET /metrics answered ${res.status}`);
  return readServerSample(text);
}

/** The list request of the plan's read path, with a user's token. */
export function listPath(base: string): string {
  return `${base}/api/vault/items?limit=20&offset=0`;
}

/**
 * Check every token once with a read (a few at a time): a refused token or a rate limit is one line (exit 2).
 * Each user's first list read also fills the cache as their first visit would.
 */
export async function checkTokens(target: Target, tokens: readonly string[], concurrency = 4): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tokens.length) {
      const i = next++;
      let res: Response;
      try {
        res = await fetch(`${target.origin}${listPath(target.base)}`, {
          headers: { authorization: `Bearer ${tokens[i]}` },
          redirect: "manual",
          signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
        });
        await res.arrayBuffer();
      } catch (err) {
        throw new HeirloomError(`--url ${target.url}: GET /api/vault/items: ${networkProblem(err)}`);
      }
      if (res.status === 401 || res.status === 403) {
        throw new HeirloomError(`token ${i + 1} of ${tokens.length}: the backend refused it (${res.status}); make tokens with \`npm run token -- --count N\` in the backend`);
      }
      if (res.status === 429) {
        throw new HeirloomError(`--url ${target.url}: the backend's rate limit answered 429 before the load began; start it with a higher RATE_LIMIT_MAX to calibrate`);
      }
      if (res.status !== 200) throw new HeirloomError(`--url ${target.url}: GET /api/vault/items with token ${i + 1} answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tokens.length) }, worker));
}
