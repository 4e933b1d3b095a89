// The few counters calibration reads from a Prometheus text exposition, each summed over its label sets.
// Pure: text in, numbers out (https://prometheus.io/docs/instrumenting/exposition_formats/).

/** The backend's metrics that calibration uses (the backend contract of issue 12). */
export const SERVER_METRICS = {
  cpuSeconds: "process_cpu_seconds_total",
  residentBytes: "process_resident_memory_bytes",
  cacheHits: "cache_hits_total",
  cacheMisses: "cache_misses_total",
  cacheBypass: "cache_bypass_total",
  dbQueries: "db_queries_total",
  httpRequests: "http_request_duration_seconds_count",
} as const;

export type ServerMetric = keyof typeof SERVER_METRICS;

/** One scrape: each metric's value (summed over its series), or null when the exposition lacks it. */
export type ServerSample = Record<ServerMetric, number | null>;

/** Sum every sample of each metric name in a Prometheus text exposition. */
export function parsePrometheusText(text: string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    // name{labels} value [timestamp]; label values may hold spaces and braces inside quotes.
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const value = m[3] === "+Inf" ? Infinity : m[3] === "-Inf" ? -Infinity : Number(m[3]);
    if (!Number.isFinite(value)) continue;
    sums.set(m[1], (sums.get(m[1]) ?? 0) + value);
  }
  return sums;
}

/** The calibration metrics of one scrape. */
export function readServerSample(text: string): ServerSample {
  const sums = parsePrometheusText(text);
  const out = {} as ServerSample;
  for (const [key, name] of Object.entries(SERVER_METRICS) as [ServerMetric, string][]) out[key] = sums.get(name) ?? null;
  return out;
}
