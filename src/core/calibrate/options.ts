// Calibration's own inputs, checked: the concurrency steps, the time budget, the target URL. Each parser
// returns the value or a problem (a short phrase the command turns into one line). Pure.

/** The concurrency steps: whole numbers from 1 to 10,000, rising. */
export function parseSteps(text: string): number[] | string {
  const parts = text.split(",").map((s) => s.trim());
  const steps: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return `'${part}' is not a whole number of concurrent clients`;
    const n = Number(part);
    if (n < 1 || n > 10_000) return `${n} concurrent clients is out of range (1 to 10,000)`;
    if (steps.length > 0 && n <= steps[steps.length - 1]) return "the steps must rise (e.g. 1,2,4,8,16,32)";
    steps.push(n);
  }
  return steps;
}

/** A duration: 90, 90s, 2m, 1m30s; seconds from 1 to 3600. */
export function parseDuration(text: string): number | string {
  const t = text.trim();
  let seconds: number;
  if (/^\d+(\.\d+)?$/.test(t)) seconds = Number(t);
  else {
    const m = /^(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(t);
    if (!m || (m[1] === undefined && m[2] === undefined)) return `'${text}' is not a duration (e.g. 90s, 2m, 1m30s)`;
    seconds = Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
  }
  if (seconds < 1 || seconds > 3600) return `${seconds} s is out of range (1 s to 1 h)`;
  return seconds;
}

/** A positive whole number of requests, at most ten million. */
export function parseRequestBudget(text: string): number | string {
  const t = text.trim().replace(/_/g, "");
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(t);
  if (!m) return `'${text}' is not a number of requests (e.g. 50000 or 50k)`;
  const n = Math.round(Number(m[1]) * (m[2].toLowerCase() === "k" ? 1e3 : m[2].toLowerCase() === "m" ? 1e6 : 1));
  if (n < 1 || n > 10_000_000) return `${n} requests is out of range (1 to 10,000,000)`;
  return n;
}

/** Whether a host name is this machine's loopback (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost") return true; // not *.localhost: a resolver may send those anywhere
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h) ?? /^::ffff:(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && Number(v4[1]) === 127 && v4.slice(2).every((o) => Number(o) <= 255);
}

/** The origin calibration sends to, from --url: http(s), no credentials, no query; a path prefix is kept. */
export function parseTargetUrl(text: string, allowRemote: boolean): { origin: string; base: string; hostname: string } | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "not a URL (e.g. http://127.0.0.1:3000)";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `${url.protocol.replace(/:$/, "")}: is not HTTP; give http://HOST:PORT`;
  if (url.username || url.password) return "credentials in the URL are not sent; give tokens with --token";
  if (url.search || url.hash) return "give the backend's base URL, without a query or fragment";
  if (!allowRemote && !isLoopbackHost(url.hostname)) {
    return `${url.hostname} is not this machine's loopback; calibration generates load, so it only targets 127.0.0.1, ::1 or localhost unless --allow-remote`;
  }
  const base = url.pathname.replace(/\/+$/, "");
  return { origin: url.origin, base, hostname: url.hostname };
}

/** How a run's budget is shared: a short warm-up, then equal time and requests for each step. */
export interface BudgetPlan {
  warmupSeconds: number;
  warmupRequests: number;
  stepSeconds: number;
  stepRequests: number;
}

/** Seconds kept back per step for the scrapes around it and requests still in flight when it ends. */
export const STEP_OVERHEAD_SECONDS = 1;

/** Share a time and request budget among a warm-up and the steps; a budget too small for them is a problem. */
export function planBudget(maxDurationSeconds: number, maxRequests: number, steps: readonly number[]): BudgetPlan | string {
  const warmupSeconds = Math.min(5, Math.max(1, Math.floor(maxDurationSeconds * 0.05)));
  const stepSeconds = Math.floor((maxDurationSeconds - warmupSeconds) / steps.length - STEP_OVERHEAD_SECONDS);
  if (stepSeconds < 1) {
    const needed = warmupSeconds + steps.length * (1 + STEP_OVERHEAD_SECONDS);
    return `${maxDurationSeconds} s is too short for ${steps.length} steps (give at least ${needed} s, or fewer steps)`;
  }
  const warmupRequests = Math.max(steps[0], Math.floor(maxRequests * 0.05));
  const stepRequests = Math.floor((maxRequests - warmupRequests) / steps.length);
  const widest = steps[steps.length - 1];
  if (stepRequests < widest * 10) {
    return `${maxRequests} requests is too few for ${steps.length} steps up to ${widest} clients (give at least ${Math.ceil((widest * 10 * steps.length) / 0.95)}, or fewer steps)`;
  }
  return { warmupSeconds, warmupRequests, stepSeconds, stepRequests };
}
