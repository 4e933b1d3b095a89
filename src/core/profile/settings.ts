// Every setting a profile or flag can change, defined once (docs/planning-model.md section 1): its value's
// schema, its default, where that default comes from, and its flag. The profile file's schema, the normalised
// Profile type, the flags and the report's assumptions are all derived from this table: adding a setting is
// one row here plus its formula.
import * as z from "zod/mini";
import { CACHE_ENGINES, STORAGE_TYPES, TERMS } from "../facts.js";
import { parseCount } from "../units.js";

export type FlagKind = "count" | "number" | "int" | "autoOrInt" | "autoOrNumber" | "text" | "autoOrText" | "bool" | "choice" | "usd";

interface Range {
  gt?: number;
  min?: number;
  max: number;
  int?: boolean;
}

/** Thousands separators for the range in a message (the core does not format report numbers). */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** A number with a range; the message says the range and what was given. */
function num(range: Range) {
  return z.number().check(
    z.superRefine((value: number, ctx) => {
      const problem = rangeProblem(value, range);
      if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
    }),
  );
}

function rangeProblem(value: number, range: Range): string | undefined {
  if (!Number.isFinite(value)) return `must be a finite number (got ${value})`;
  if (range.int && !Number.isInteger(value)) return `must be a whole number (got ${value})`;
  const low = range.gt !== undefined ? value <= range.gt : range.min !== undefined && value < range.min;
  if (!low && value <= range.max) return undefined;
  const parts: string[] = [];
  if (range.gt !== undefined) parts.push(`greater than ${range.gt}`);
  else if (range.min !== undefined) parts.push(`at least ${range.min}`);
  parts.push(`at most ${grouped(range.max)}`);
  return `must be ${parts.join(" and ")} (got ${value})`;
}

/** A user count as people write it (1e6, 1m, 250k, 1_000_000), as a YAML number or string. */
const userCount = () =>
  z.pipe(
  z.union([z.number(), z.string()]),
  z.transform((raw: number | string, ctx) => {
    const parsed = parseCount(raw);
    if (typeof parsed === "string") {
      ctx.issues.push({ code: "custom", message: parsed, input: raw });
      return z.NEVER;
    }
    return parsed;
  }),
);

const name = () =>
  z.string().check(
  z.superRefine((value: string, ctx) => {
    if (value.trim() === "") ctx.addIssue({ code: "custom", message: "must not be empty", input: value });
  }),
);

const auto = () => z.literal("auto");
const share = () => num({ gt: 0, max: 1 });
const fraction = () => num({ min: 0, max: 1 });

interface Row<S extends z.core.$ZodType> {
  /** The value's schema, built on first use: a plan builds only the schemas of the values it checks. */
  readonly schema: S;
  /** The default; undefined where the setting has none (users, budget). */
  default: z.output<S> | undefined;
  /** Where the default comes from: the guide's own words, or ours. */
  basis: string;
  flag: string;
  kind: FlagKind;
  help: string;
  /** The values of a choice (the flag's choices, without building the schema). */
  choices?: readonly string[];
}

const row = <S extends z.core.$ZodType>(r: Omit<Row<S>, "schema"> & { schema: () => S }): Row<S> => {
  const { schema: make, ...rest } = r;
  let built: S | undefined;
  return Object.defineProperty(rest, "schema", { enumerable: true, get: () => (built ??= make()) }) as Row<S>;
};

/** The settings, keyed by their dotted path in the profile. Order is the assumptions table's. */
export const SETTING_ROWS = {
  users: row({ schema: userCount, default: undefined, basis: "input", flag: "--users", kind: "count", help: "registered users (1000000, 1e6, 1m, 250k)" }),
  "traffic.dauRatio": row({ schema: share, default: 0.1, basis: 'guide: "Daily Active Users: 100,000 (10%)"', flag: "--dau-ratio", kind: "number", help: "daily active users / users (0..1)" }),
  "traffic.requestsPerUserPerDay": row({ schema: () => num({ min: 0, max: 1e6 }), default: 10, basis: 'guide: "assuming 10 requests/user/day"', flag: "--requests-per-user", kind: "number", help: "requests per daily active user per day" }),
  "traffic.peakFactor": row({ schema: () => num({ min: 1, max: 1000 }), default: 3, basis: "ours: peak-hour RPS / average RPS", flag: "--peak-factor", kind: "number", help: "peak RPS / average RPS" }),
  "traffic.readShare": row({ schema: fraction, default: 0.9, basis: "ours: share of API requests that read (the vault list)", flag: "--read-share", kind: "number", help: "share of requests that read (0..1)" }),
  "traffic.requestBytes": row({ schema: () => num({ min: 0, max: 1e9 }), default: 1000, basis: "ours: an API request, headers included", flag: "--request-bytes", kind: "number", help: "bytes of one API request" }),
  "traffic.responseBytes": row({ schema: () => num({ min: 0, max: 1e9 }), default: 10_000, basis: "ours: a page of vault items as JSON", flag: "--response-bytes", kind: "number", help: "bytes of one API response" }),
  "backend.instances": row({ schema: () => z.union([auto(), num({ min: 1, max: 100_000, int: true })]), default: 10, basis: 'guide: "Backend: 10 instances"', flag: "--instances", kind: "autoOrInt", help: "backend instances, or auto (from peak RPS)" }),
  "backend.instanceType": row({ schema: name, default: "t3.medium", basis: 'guide: "10 × t3.medium", "2 vCPU, 4GB RAM"', flag: "--instance-type", kind: "text", help: "EC2 instance type" }),
  "backend.processesPerInstance": row({ schema: () => z.union([auto(), num({ min: 1, max: 1024, int: true })]), default: "auto", basis: 'guide: "pm2 start dist/index.js -i max" (one process per vCPU)', flag: "--processes", kind: "autoOrInt", help: "backend processes per instance, or auto (one per vCPU)" }),
  "backend.rpsPerInstance": row({ schema: () => num({ gt: 0, max: 1e7 }), default: 116, basis: "ours: the guide's ~1,157 RPS over its 10 instances, at 100% CPU", flag: "--rps-per-instance", kind: "number", help: "requests per second one instance carries at 100% CPU" }),
  "backend.targetUtilization": row({ schema: share, default: 0.7, basis: 'guide: "CPU Usage: < 70%"', flag: "--target-utilization", kind: "number", help: "CPU share the fleet is sized to at peak (0..1)" }),
  "backend.minInstances": row({ schema: () => num({ min: 1, max: 100_000, int: true }), default: 2, basis: "ours: two for availability", flag: "--min-instances", kind: "int", help: "fewest instances when instances is auto" }),
  "backend.poolSize": row({ schema: () => num({ min: 1, max: 10_000, int: true }), default: 20, basis: 'guide: "up to 20 concurrent connections" (per process)', flag: "--pool-size", kind: "int", help: "database connections per backend process" }),
  "backend.memoryMB": row({ schema: () => num({ gt: 0, max: 1e7 }), default: 512, basis: 'guide target: "< 512MB per instance" (per process)', flag: "--memory-mb", kind: "number", help: "memory one backend process needs (MB)" }),
  "backend.rootVolumeGB": row({ schema: () => num({ min: 1, max: 65_536 }), default: 20, basis: "ours: gp3 root volume per instance", flag: "--root-volume-gb", kind: "number", help: "EBS gp3 root volume per instance (GB)" }),
  "database.instanceClass": row({ schema: () => z.union([auto(), name()]), default: "db.r5.2xlarge", basis: 'guide: "RDS PostgreSQL: db.r5.2xlarge"', flag: "--db-class", kind: "autoOrText", help: "RDS instance class, or auto" }),
  "database.multiAz": row({ schema: () => z.boolean(), default: false, basis: "ours: Single-AZ, as the guide prices it", flag: "--multi-az", kind: "bool", help: "RDS Multi-AZ deployment" }),
  "database.storageGB": row({ schema: () => num({ min: 20, max: 65_536 }), default: 1000, basis: 'guide: "1TB SSD"', flag: "--db-storage-gb", kind: "number", help: "RDS storage (GB)" }),
  "database.storageType": row({ schema: () => z.enum(STORAGE_TYPES), default: "gp3", basis: "ours: gp3, RDS's current general-purpose SSD", flag: "--db-storage-type", kind: "choice", choices: STORAGE_TYPES, help: "RDS storage type" }),
  "database.minMemoryGB": row({ schema: () => num({ min: 0, max: 1e5 }), default: 0, basis: "ours: no memory floor beyond the working set", flag: "--db-min-memory-gb", kind: "number", help: "least memory the database class must have (GiB), for auto sizing" }),
  "database.queriesPerRequest": row({ schema: () => num({ min: 0, max: 1000 }), default: 2, basis: "ours: the query and one lookup; calibration measures it", flag: "--queries-per-request", kind: "number", help: "database queries per API request that reaches the database" }),
  "database.qpsPerVcpu": row({ schema: () => num({ gt: 0, max: 1e7 }), default: 1000, basis: "ours: simple indexed PostgreSQL queries per vCPU-second at 100% CPU", flag: "--qps-per-vcpu", kind: "number", help: "queries per second one database vCPU carries at 100% CPU" }),
  "database.targetUtilization": row({ schema: share, default: 0.7, basis: 'guide: "CPU Usage: < 70%", applied to the database', flag: "--db-target-utilization", kind: "number", help: "database CPU share sized for at peak (0..1)" }),
  "database.hotBytesPerActiveUser": row({ schema: () => num({ min: 0, max: 1e12 }), default: 20_000, basis: "ours: the rows a daily active user touches, held in memory", flag: "--db-hot-bytes-per-user", kind: "number", help: "database working set per daily active user (bytes)" }),
  "database.allowBurstable": row({ schema: () => z.boolean(), default: true, basis: "ours: db.t3/db.t4g may be chosen by sizing", flag: "--allow-burstable", kind: "bool", help: "let sizing choose a burstable database class" }),
  "database.pgbouncer": row({ schema: () => z.boolean(), default: false, basis: "ours: PgBouncer only when the plan's connections pass the class's max_connections", flag: "--pgbouncer", kind: "bool", help: "put PgBouncer in front of the database (the scaffold's deploy/pgbouncer.ini) even when it holds the plan's connections" }),
  "cache.nodeType": row({ schema: () => z.union([auto(), name()]), default: "cache.t3.medium", basis: 'guide: "ElastiCache Redis: cache.t3.medium"', flag: "--cache-node", kind: "autoOrText", help: "ElastiCache node type, or auto" }),
  "cache.engine": row({ schema: () => z.enum(CACHE_ENGINES), default: "redis", basis: 'guide: "ElastiCache Redis"; valkey is AWS\'s cheaper engine', flag: "--cache-engine", kind: "choice", choices: CACHE_ENGINES, help: "ElastiCache engine" }),
  "cache.bytesPerActiveUser": row({ schema: () => num({ min: 0, max: 1e9 }), default: 20_000, basis: "ours: the guide's ~2GB over its 100,000 DAU", flag: "--cache-bytes-per-user", kind: "number", help: "cache bytes per daily active user" }),
  "cache.ttlSeconds": row({ schema: () => num({ min: 1, max: 31_536_000, int: true }), default: 60, basis: 'guide: "TTL: 60 seconds for vault items"', flag: "--cache-ttl", kind: "int", help: "cache TTL of the list endpoint (s)" }),
  "cache.hitRate": row({ schema: fraction, default: 0.8, basis: 'guide: "Cache Hit Rate: ... (target: > 80%)"', flag: "--cache-hit-rate", kind: "number", help: "share of reads the cache answers (0..1)" }),
  "storage.perUserGB": row({ schema: () => num({ min: 0, max: 1e6 }), default: 10, basis: 'guide: "10GB per user average"', flag: "--storage-per-user", kind: "number", help: "S3 storage per user (GB)" }),
  "cdn.transferPerUserGB": row({ schema: () => num({ min: 0, max: 1e6 }), default: 0.01, basis: "ours: the guide's 10TB/month over 1M users", flag: "--cdn-per-user", kind: "number", help: "CDN transfer per user per month (GB)" }),
  "alb.lcu": row({ schema: () => z.union([auto(), num({ min: 0, max: 1e6 })]), default: "auto", basis: "ours: from traffic, the largest of AWS's LCU dimensions", flag: "--alb-lcu", kind: "autoOrNumber", help: "ALB capacity units on average, or auto (from traffic)" }),
  "alb.requestsPerConnection": row({ schema: () => num({ min: 1, max: 1e6 }), default: 10, basis: "ours: HTTP keep-alive reuse", flag: "--requests-per-connection", kind: "number", help: "requests per client connection" }),
  "alb.connectionSeconds": row({ schema: () => num({ gt: 0, max: 86_400 }), default: 30, basis: "ours: how long a client connection stays open", flag: "--connection-seconds", kind: "number", help: "seconds a client connection stays open" }),
  "logging.bytesPerRequest": row({ schema: () => num({ min: 0, max: 1e6 }), default: 500, basis: "ours: one access-log line per request, to CloudWatch Logs", flag: "--log-bytes-per-request", kind: "number", help: "log bytes per request" }),
  "rateLimit.windowMinutes": row({ schema: () => num({ gt: 0, max: 1440 }), default: 15, basis: 'guide: "windowMs: 15 * 60 * 1000"', flag: "--rate-limit-window", kind: "number", help: "rate-limit window (minutes)" }),
  "rateLimit.maxRequests": row({ schema: () => num({ min: 1, max: 1e9, int: true }), default: 100, basis: 'guide: "max: 100 // limit each IP to 100 requests per windowMs"', flag: "--rate-limit-max", kind: "int", help: "requests per IP per window" }),
  "pricing.region": row({ schema: name, default: "us-east-1", basis: "ours", flag: "--region", kind: "text", help: "AWS region to price" }),
  "pricing.term": row({ schema: () => z.enum(TERMS), default: "on-demand", basis: "ours", flag: "--term", kind: "choice", choices: TERMS, help: "pricing term" }),
  "budget.monthlyUSD": row({ schema: () => num({ gt: 0, max: 1e15 }), default: undefined, basis: "CI budget", flag: "--budget", kind: "usd", help: "monthly budget in USD: exit 1 when the total is over it" }),
};

type Rows = typeof SETTING_ROWS;
export type SettingPath = keyof Rows;
type ValueOf<P extends SettingPath> = z.output<Rows[P]["schema"]>;

/** The nested shape of dotted paths: { "a.b": T } -> { a: { b: T } } (two levels, as profiles have). */
type Nest<T> = {
  [K in keyof T as K extends `${infer A}.${string}` ? A : K]: K extends `${infer A}.${string}`
    ? { [P in keyof T as P extends `${A}.${infer B}` ? B : never]: T[P] }
    : T[K];
};

type Resolved = { [P in SettingPath]: P extends "budget.monthlyUSD" ? ValueOf<P> | null : ValueOf<P> };

/** The normalised profile: every setting resolved (budget null where none). */
export type Profile = Nest<Resolved>;

/** One setting as the flags, the assumptions table and the resolver see it. */
export interface Setting {
  path: SettingPath;
  default: unknown;
  basis: string;
  flag: string;
  kind: FlagKind;
  help: string;
  choices?: readonly string[];
  schema: z.core.$ZodType;
}

/** The settings as a list, in the table's order. */
export const SETTINGS: readonly Setting[] = (Object.keys(SETTING_ROWS) as SettingPath[]).map((path) => {
  const r = SETTING_ROWS[path] as Row<z.core.$ZodType>;
  const setting = { path, default: r.default, basis: r.basis, flag: r.flag, kind: r.kind, help: r.help, ...(r.choices ? { choices: r.choices } : {}) };
  return Object.defineProperty(setting, "schema", { enumerable: true, get: () => r.schema }) as Setting;
});

/** Where one resolved value came from. */
export interface AssumptionSource {
  setBy: "default" | "profile" | "flag";
  /** The flag, or the profile file and line, that set it. */
  where: string;
  basis: string;
}

/** Read a dotted path from a nested object (own properties only). */
export function getPath(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const key of path.split(".")) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Write a dotted path into a nested object, creating the levels on the way. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let v = obj;
  for (const key of keys.slice(0, -1)) {
    if (!Object.hasOwn(v, key) || v[key] === null || typeof v[key] !== "object") v[key] = {};
    v = v[key] as Record<string, unknown>;
  }
  v[keys[keys.length - 1]] = value;
}

/** The profile of defaults alone (the guide's assumptions) for a user count. */
export function defaultProfile(users: number, overrides: Partial<Record<SettingPath, unknown>> = {}): Profile {
  const profile: Record<string, unknown> = {};
  for (const s of SETTINGS) setPath(profile, s.path, Object.hasOwn(overrides, s.path) ? overrides[s.path] : (s.default ?? null));
  profile.users = users;
  return profile as Profile;
}
