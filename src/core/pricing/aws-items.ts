// The priced items a stack needs, each as the GetProducts request that selects it (models/aws-price-filters.json).
// Pure but for loadPricingModels, which reads that data.
import type { Stack } from "../capacity.js";
import { readModel } from "../../io/models.js";

export type ItemKind = "ec2" | "rds" | "rds-storage" | "elasticache" | "s3" | "cloudfront" | "alb" | "alb-lcu";

export interface FilterTemplate {
  serviceCode: string;
  unit: string;
  filters: Record<string, string>;
  tiered?: boolean;
  global?: boolean;
  volumeTypes?: Record<string, string>;
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
}

export interface GetProductsRequest {
  ServiceCode: string;
  Filters: { Type: "TERM_MATCH"; Field: string; Value: string }[];
  FormatVersion: "aws_v1";
}

/** One priced item: its key (e.g. "ec2:t3.medium"), request and expected unit. */
export interface PriceItem {
  key: string;
  kind: ItemKind;
  request: GetProductsRequest;
  unit: string;
  tiered: boolean;
}

export interface ItemParams {
  type?: string;
  deployment?: "Single-AZ" | "Multi-AZ";
  storageType?: "gp3" | "gp2";
}

/** The GetProducts filters and the priced regions, from models/. */
export function loadPricingModels(): { model: PriceFilterModel; regions: Record<string, RegionInfo> } {
  return {
    model: readModel<PriceFilterModel>("aws-price-filters.json"),
    regions: readModel<{ regions: Record<string, RegionInfo> }>("regions.json").regions,
  };
}

/** The key of an item: kind, then its parameters, joined by colons. */
export function itemKey(kind: ItemKind, params: ItemParams = {}): string {
  return [kind, params.type ?? params.storageType, params.deployment].filter(Boolean).join(":");
}

/** Build the GetProducts request of one item for a region. */
export function priceItem(model: PriceFilterModel, region: RegionInfo & { code: string }, kind: ItemKind, params: ItemParams = {}): PriceItem {
  const template = model.items[kind];
  const values: Record<string, string> = {
    region: region.code,
    prefix: region.usagetypePrefix,
    type: params.type ?? "",
    deployment: params.deployment ?? "",
    volumeType: params.storageType ? (template.volumeTypes?.[params.storageType] ?? params.storageType) : "",
  };
  const Filters = Object.entries(template.filters).map(([Field, value]) => ({
    Type: "TERM_MATCH" as const,
    Field,
    Value: value.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? ""),
  }));
  return {
    key: itemKey(kind, params),
    kind,
    request: { ServiceCode: template.serviceCode, Filters, FormatVersion: "aws_v1" },
    unit: template.unit,
    tiered: Boolean(template.tiered),
  };
}

const deployment = (multiAz: boolean) => (multiAz ? "Multi-AZ" : "Single-AZ");

/** The guide's own types, whose AWS prices derive the guide's price of other types. */
export const GUIDE_TYPES = { ec2: "t3.medium", rds: "db.r5.2xlarge", elasticache: "cache.t3.medium" } as const;

/** Every item a stack needs priced, in a stable order; with `withGuideBases`, the guide's types too. */
export function itemsForStack(model: PriceFilterModel, region: RegionInfo & { code: string }, stack: Stack, withGuideBases = false): PriceItem[] {
  const db = stack.database;
  const bases: PriceItem[] = [];
  if (withGuideBases) {
    if (stack.instanceType !== GUIDE_TYPES.ec2) bases.push(priceItem(model, region, "ec2", { type: GUIDE_TYPES.ec2 }));
    if (db.instanceClass !== GUIDE_TYPES.rds || db.multiAz) bases.push(priceItem(model, region, "rds", { type: GUIDE_TYPES.rds, deployment: "Single-AZ" }));
    if (db.instanceClass !== GUIDE_TYPES.rds && db.multiAz) bases.push(priceItem(model, region, "rds", { type: db.instanceClass, deployment: "Single-AZ" }));
    if (stack.cache.nodeType !== GUIDE_TYPES.elasticache) bases.push(priceItem(model, region, "elasticache", { type: GUIDE_TYPES.elasticache }));
  }
  return [
    ...bases,
    priceItem(model, region, "ec2", { type: stack.instanceType }),
    priceItem(model, region, "rds", { type: db.instanceClass, deployment: deployment(db.multiAz) }),
    priceItem(model, region, "rds-storage", { storageType: db.storageType, deployment: deployment(db.multiAz) }),
    priceItem(model, region, "elasticache", { type: stack.cache.nodeType }),
    priceItem(model, region, "s3"),
    priceItem(model, region, "cloudfront"),
    priceItem(model, region, "alb"),
    priceItem(model, region, "alb-lcu"),
  ];
}

/** Every item of the catalogue: each EC2 type, RDS class (both deployments), storage type, cache node. */
export function itemsForCatalogue(model: PriceFilterModel, region: RegionInfo & { code: string }, catalogue: { ec2: { types: object }; rds: { types: object }; elasticache: { types: object } }): PriceItem[] {
  const deployments = ["Single-AZ", "Multi-AZ"] as const;
  return [
    ...Object.keys(catalogue.ec2.types).map((type) => priceItem(model, region, "ec2", { type })),
    ...Object.keys(catalogue.rds.types).flatMap((type) => deployments.map((deployment) => priceItem(model, region, "rds", { type, deployment }))),
    ...(["gp3", "gp2"] as const).flatMap((storageType) => deployments.map((deployment) => priceItem(model, region, "rds-storage", { storageType, deployment }))),
    ...Object.keys(catalogue.elasticache.types).map((type) => priceItem(model, region, "elasticache", { type })),
    priceItem(model, region, "s3"),
    priceItem(model, region, "cloudfront"),
    priceItem(model, region, "alb"),
    priceItem(model, region, "alb-lcu"),
  ];
}
