// The priced items of AWS's book, each as a key ("ec2:t3.medium", "elasticache:cache.t3.medium:valkey") and
// as the GetProducts request that selects it (models/aws-price-filters.json). Pure.
import type { CacheEngine, StorageType, Term } from "../facts.js";

export const ITEM_KINDS = [
  "ec2",
  "cpu-credit",
  "ebs",
  "rds",
  "rds-storage",
  "elasticache",
  "s3",
  "cloudfront",
  "alb",
  "alb-lcu",
  "data-transfer-out",
  "logs",
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Kinds AWS sells on reserved terms; every other item has one price whatever the term. */
export const RESERVABLE: ReadonlySet<ItemKind> = new Set<ItemKind>(["ec2", "rds", "elasticache"]);

/** The term an item is priced on: its own for reservable kinds, on-demand for the rest. */
export const termOf = (kind: ItemKind, term: Term): Term => (RESERVABLE.has(kind) ? term : "on-demand");

export interface FilterTemplate {
  serviceCode: string;
  unit: string;
  filters: Record<string, string>;
  reservable?: boolean;
  tiered?: boolean;
  global?: boolean;
  volumeTypes?: Record<string, string>;
  engines?: Record<string, string>;
  freeGBPerMonth?: number;
  freeSource?: string;
  why?: string;
}

export interface PriceFilterModel {
  endpointRegion: string;
  items: Record<ItemKind, FilterTemplate>;
}

export interface RegionInfo {
  location: string;
  usagetypePrefix: string;
  usagetypePrefixAlways: string;
}

export interface GetProductsRequest {
  ServiceCode: string;
  Filters: { Type: "TERM_MATCH"; Field: string; Value: string }[];
  FormatVersion: "aws_v1";
}

/** One priced item: its key, its request and the unit its price must be in. */
export interface PriceItem {
  key: string;
  kind: ItemKind;
  request: GetProductsRequest;
  unit: string;
  tiered: boolean;
}

export type Deployment = "Single-AZ" | "Multi-AZ";

export interface ItemParams {
  type?: string;
  family?: string;
  deployment?: Deployment;
  storageType?: StorageType;
  engine?: CacheEngine;
}

export const deploymentOf = (multiAz: boolean): Deployment => (multiAz ? "Multi-AZ" : "Single-AZ");

/** The key of an item: kind, then its parameters, joined by colons. */
export function itemKey(kind: ItemKind, params: ItemParams = {}): string {
  const rest = (() => {
    switch (kind) {
      case "ec2":
        return [params.type];
      case "cpu-credit":
        return [params.family];
      case "ebs":
        return [params.storageType ?? "gp3"];
      case "rds":
        return [params.type, params.deployment];
      case "rds-storage":
        return [params.storageType, params.deployment];
      case "elasticache":
        return [params.type, params.engine ?? "redis"];
      default:
        return [];
    }
  })();
  return [kind, ...rest].join(":");
}

/** The parameters of a key (the inverse of itemKey); undefined for a key that names no item. */
export function parseItemKey(key: string): { kind: ItemKind; params: ItemParams } | undefined {
  const [kind, a, b, ...extra] = key.split(":");
  if (!(ITEM_KINDS as readonly string[]).includes(kind) || extra.length) return undefined;
  // Types are names like "db.r5.2xlarge": nothing else reaches a request, a file name or a report.
  if (a !== undefined && !/^[a-z0-9][a-z0-9.-]{0,40}$/i.test(a)) return undefined;
  const k = kind as ItemKind;
  const deployment = (d: string | undefined) => (d === "Single-AZ" || d === "Multi-AZ" ? d : undefined);
  const storage = (s: string | undefined) => (s === "gp3" || s === "gp2" ? s : undefined);
  switch (k) {
    case "ec2":
      return a && !b ? { kind: k, params: { type: a } } : undefined;
    case "cpu-credit":
      return a && !b ? { kind: k, params: { family: a } } : undefined;
    case "ebs":
      return storage(a) && !b ? { kind: k, params: { storageType: storage(a) } } : undefined;
    case "rds":
      return a && deployment(b) ? { kind: k, params: { type: a, deployment: deployment(b) } } : undefined;
    case "rds-storage":
      return storage(a) && deployment(b) ? { kind: k, params: { storageType: storage(a), deployment: deployment(b) } } : undefined;
    case "elasticache":
      return a && (b === "redis" || b === "valkey") ? { kind: k, params: { type: a, engine: b } } : undefined;
    default:
      return a === undefined ? { kind: k, params: {} } : undefined;
  }
}

/** Build the GetProducts request of one item for a region. */
export function priceItem(model: PriceFilterModel, region: RegionInfo & { code: string }, kind: ItemKind, params: ItemParams = {}): PriceItem {
  const template = model.items[kind];
  const storageType = params.storageType ?? (kind === "ebs" ? "gp3" : undefined);
  const values: Record<string, string> = {
    region: region.code,
    prefix: region.usagetypePrefix,
    prefixAlways: region.usagetypePrefixAlways,
    type: params.type ?? "",
    family: params.family ?? "",
    deployment: params.deployment ?? "",
    volumeType: storageType ? (template.volumeTypes?.[storageType] ?? storageType) : "",
    engine: template.engines?.[params.engine ?? "redis"] ?? "",
  };
  const Filters = Object.entries(template.filters).map(([Field, value]) => ({
    Type: "TERM_MATCH" as const,
    Field,
    Value: value.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? ""),
  }));
  return {
    key: itemKey(kind, { ...params, ...(storageType ? { storageType } : {}) }),
    kind,
    request: { ServiceCode: template.serviceCode, Filters, FormatVersion: "aws_v1" },
    unit: template.unit,
    tiered: Boolean(template.tiered),
  };
}

/** The item of a key, or undefined where the key names none. */
export function itemOfKey(model: PriceFilterModel, region: RegionInfo & { code: string }, key: string): PriceItem | undefined {
  const parsed = parseItemKey(key);
  return parsed ? priceItem(model, region, parsed.kind, parsed.params) : undefined;
}

/** The burstable family of an instance type whose surplus CPU credits are priced (t3, t4g), else undefined. */
export function burstableFamily(instanceType: string): string | undefined {
  const family = instanceType.split(".")[0];
  return family === "t3" || family === "t4g" ? family : undefined;
}

/** What of a stack is priced: the types, and how they are deployed. */
export interface PricedStack {
  instanceType: string;
  database: { instanceClass: string; multiAz: boolean; storageType: StorageType };
  cache: { nodeType: string; engine?: CacheEngine };
}

/** The guide's own types, whose AWS prices derive the guide's price of other types. */
export const GUIDE_TYPES = { ec2: "t3.medium", rds: "db.r5.2xlarge", elasticache: "cache.t3.medium" } as const;

/** The keys of every item the stacks need, once each; with `withGuideBases`, the guide's types too (for its ratios). */
export function itemKeysForStacks(stacks: readonly PricedStack[], withGuideBases = false): string[] {
  const keys = new Set<string>();
  for (const s of stacks) {
    const engine = s.cache.engine ?? "redis";
    const deployment = deploymentOf(s.database.multiAz);
    if (withGuideBases) {
      keys.add(itemKey("ec2", { type: GUIDE_TYPES.ec2 }));
      keys.add(itemKey("rds", { type: GUIDE_TYPES.rds, deployment: "Single-AZ" }));
      keys.add(itemKey("rds", { type: s.database.instanceClass, deployment: "Single-AZ" }));
      keys.add(itemKey("elasticache", { type: GUIDE_TYPES.elasticache, engine }));
    }
    keys.add(itemKey("ec2", { type: s.instanceType }));
    const family = burstableFamily(s.instanceType);
    if (family) keys.add(itemKey("cpu-credit", { family }));
    keys.add(itemKey("ebs", { storageType: "gp3" }));
    keys.add(itemKey("rds", { type: s.database.instanceClass, deployment }));
    keys.add(itemKey("rds-storage", { storageType: s.database.storageType, deployment }));
    keys.add(itemKey("elasticache", { type: s.cache.nodeType, engine }));
  }
  for (const kind of ["s3", "cloudfront", "alb", "alb-lcu", "data-transfer-out", "logs"] as const) keys.add(itemKey(kind));
  return [...keys];
}

/** Every item of the catalogue: each EC2 type, RDS class (both deployments), storage, cache node (both engines), the rest. */
export function itemKeysForCatalogue(catalogue: { ec2: { types: object }; rds: { types: object }; elasticache: { types: object } }): string[] {
  const deployments = ["Single-AZ", "Multi-AZ"] as const;
  const ec2 = Object.keys(catalogue.ec2.types);
  const families = [...new Set(ec2.map(burstableFamily).filter((f): f is string => Boolean(f)))];
  return [
    ...ec2.map((type) => itemKey("ec2", { type })),
    ...families.map((family) => itemKey("cpu-credit", { family })),
    itemKey("ebs", { storageType: "gp3" }),
    ...Object.keys(catalogue.rds.types).flatMap((type) => deployments.map((deployment) => itemKey("rds", { type, deployment }))),
    ...(["gp3", "gp2"] as const).flatMap((storageType) => deployments.map((deployment) => itemKey("rds-storage", { storageType, deployment }))),
    ...Object.keys(catalogue.elasticache.types).flatMap((type) => (["redis", "valkey"] as const).map((engine) => itemKey("elasticache", { type, engine }))),
    ...(["s3", "cloudfront", "alb", "alb-lcu", "data-transfer-out", "logs"] as const).map((kind) => itemKey(kind)),
  ];
}
