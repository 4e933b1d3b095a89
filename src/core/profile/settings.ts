// Every setting a profile or flag can change: its default, where that default comes from, and its flag.
// The table is the single source for defaults (planning-model.md section 1), assumption sources and CLI flags.
import type { Term } from "./schema.js";

export type FlagKind = "count" | "number" | "int" | "autoOrInt" | "text" | "autoOrText" | "bool" | "choice" | "usd";

export interface Setting {
  /** Dotted key path in the profile, e.g. "traffic.dauRatio". */
  path: string;
  /** The default; undefined where the setting has none (users, budget). */
  default: unknown;
  /** Where the default comes from: the guide's own words, or ours. */
  basis: string;
  flag: string;
  kind: FlagKind;
  help: string;
  choices?: readonly string[];
}

export const SETTINGS: readonly Setting[] = [
  { path: "users", default: undefined, basis: "input", flag: "--users", kind: "count", help: "registered users (1000000, 1e6, 1m, 250k)" },
  { path: "traffic.dauRatio", default: 0.1, basis: 'guide: "Daily Active Users: 100,000 (10%)"', flag: "--dau-ratio", kind: "number", help: "daily active users / users (0..1)" },
  { path: "traffic.requestsPerUserPerDay", default: 10, basis: 'guide: "assuming 10 requests/user/day"', flag: "--requests-per-user", kind: "number", help: "requests per daily active user per day" },
  { path: "traffic.peakFactor", default: 3, basis: "ours: peak-hour RPS / average RPS", flag: "--peak-factor", kind: "number", help: "peak RPS / average RPS" },
  { path: "backend.instances", default: 10, basis: 'guide: "Backend: 10 instances"', flag: "--instances", kind: "autoOrInt", help: "backend instances, or auto (from peak RPS)" },
  { path: "backend.instanceType", default: "t3.medium", basis: 'guide: "10 × t3.medium", "2 vCPU, 4GB RAM"', flag: "--instance-type", kind: "text", help: "EC2 instance type" },
  { path: "backend.rpsPerInstance", default: 116, basis: "ours: the guide's ~1,157 RPS over its 10 instances", flag: "--rps-per-instance", kind: "number", help: "requests per second one instance carries" },
  { path: "backend.minInstances", default: 2, basis: "ours: two for availability", flag: "--min-instances", kind: "int", help: "fewest instances when instances is auto" },
  { path: "backend.poolSize", default: 20, basis: 'guide: "up to 20 concurrent connections"', flag: "--pool-size", kind: "int", help: "database connections per instance" },
  { path: "backend.memoryMB", default: 512, basis: 'guide target: "< 512MB per instance"', flag: "--memory-mb", kind: "number", help: "memory one backend process needs (MB)" },
  { path: "database.instanceClass", default: "db.r5.2xlarge", basis: 'guide: "RDS PostgreSQL: db.r5.2xlarge"', flag: "--db-class", kind: "autoOrText", help: "RDS instance class, or auto" },
  { path: "database.multiAz", default: false, basis: "ours: Single-AZ, as the guide prices it", flag: "--multi-az", kind: "bool", help: "RDS Multi-AZ deployment" },
  { path: "database.storageGB", default: 1000, basis: 'guide: "1TB SSD"', flag: "--db-storage-gb", kind: "number", help: "RDS storage (GB)" },
  { path: "database.storageType", default: "gp3", basis: "ours: gp3, RDS's current general-purpose SSD", flag: "--db-storage-type", kind: "choice", choices: ["gp3", "gp2"], help: "RDS storage type" },
  { path: "database.minMemoryGB", default: 0, basis: "ours: no memory floor beyond connections", flag: "--db-min-memory-gb", kind: "number", help: "least memory the database class must have (GiB), for auto sizing" },
  { path: "cache.nodeType", default: "cache.t3.medium", basis: 'guide: "ElastiCache Redis: cache.t3.medium"', flag: "--cache-node", kind: "autoOrText", help: "ElastiCache node type, or auto" },
  { path: "cache.bytesPerActiveUser", default: 20_000, basis: "ours: the guide's ~2GB over its 100,000 DAU", flag: "--cache-bytes-per-user", kind: "number", help: "cache bytes per daily active user" },
  { path: "cache.ttlSeconds", default: 60, basis: 'guide: "TTL: 60 seconds for vault items"', flag: "--cache-ttl", kind: "int", help: "cache TTL of the list endpoint (s)" },
  { path: "storage.perUserGB", default: 10, basis: 'guide: "10GB per user average"', flag: "--storage-per-user", kind: "number", help: "S3 storage per user (GB)" },
  { path: "cdn.transferPerUserGB", default: 0.01, basis: "ours: the guide's 10TB/month over 1M users", flag: "--cdn-per-user", kind: "number", help: "CDN transfer per user per month (GB)" },
  { path: "alb.lcu", default: 1, basis: "ours: 1 LCU on average", flag: "--alb-lcu", kind: "number", help: "ALB load balancer capacity units, average" },
  { path: "rateLimit.windowMinutes", default: 15, basis: 'guide: "windowMs: 15 * 60 * 1000"', flag: "--rate-limit-window", kind: "number", help: "rate-limit window (minutes)" },
  { path: "rateLimit.maxRequests", default: 100, basis: 'guide: "max: 100 // limit each IP to 100 requests per windowMs"', flag: "--rate-limit-max", kind: "int", help: "requests per IP per window" },
  { path: "pricing.region", default: "us-east-1", basis: "ours", flag: "--region", kind: "text", help: "AWS region to price" },
  { path: "pricing.term", default: "on-demand", basis: "ours", flag: "--term", kind: "choice", choices: ["on-demand", "reserved-1yr", "reserved-3yr"], help: "pricing term" },
  { path: "budget.monthlyUSD", default: undefined, basis: "CI budget", flag: "--budget", kind: "usd", help: "monthly budget in USD: exit 1 when the total is over it" },
];

/** The normalised profile: every setting resolved. */
export interface Profile {
  users: number;
  traffic: { dauRatio: number; requestsPerUserPerDay: number; peakFactor: number };
  backend: {
    instances: number | "auto";
    instanceType: string;
    rpsPerInstance: number;
    minInstances: number;
    poolSize: number;
    memoryMB: number;
  };
  database: { instanceClass: string; multiAz: boolean; storageGB: number; storageType: "gp3" | "gp2"; minMemoryGB: number };
  cache: { nodeType: string; bytesPerActiveUser: number; ttlSeconds: number };
  storage: { perUserGB: number };
  cdn: { transferPerUserGB: number };
  alb: { lcu: number };
  rateLimit: { windowMinutes: number; maxRequests: number };
  pricing: { region: string; term: Term };
  budget: { monthlyUSD: number | null };
}

/** Where one resolved value came from. */
export interface AssumptionSource {
  setBy: "default" | "profile" | "flag";
  /** The flag, or the profile file and line, that set it. */
  where: string;
  basis: string;
}

/** Read a dotted path from a nested object. */
export function getPath(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const key of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Write a dotted path into a nested object, creating the levels on the way. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let v = obj;
  for (const key of keys.slice(0, -1)) {
    if (v[key] === undefined || v[key] === null || typeof v[key] !== "object") v[key] = {};
    v = v[key] as Record<string, unknown>;
  }
  v[keys[keys.length - 1]] = value;
}

/** The profile of defaults alone (the guide's assumptions) for a user count. */
export function defaultProfile(users: number): Profile {
  const profile: Record<string, unknown> = {};
  for (const s of SETTINGS) setPath(profile, s.path, s.default ?? null);
  profile.users = users;
  return profile as unknown as Profile;
}
