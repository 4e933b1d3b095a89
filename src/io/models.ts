// Reading the data in models/: the instance catalogue and the guide's price book. I/O at the edge.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "./paths.js";

export interface InstanceSpec {
  vcpu: number;
  memoryGiB: number;
}

export interface CatalogueFamily {
  source: string;
  types: Record<string, InstanceSpec>;
}

/** vCPU and memory of the EC2 types, RDS classes and ElastiCache nodes the plan can use. */
export interface Catalogue {
  ec2: CatalogueFamily;
  rds: CatalogueFamily;
  elasticache: CatalogueFamily & { reservedMemoryFraction: number; reservedMemorySource: string };
}

/** The guide's own prices (models/guide-prices.json). */
export interface GuidePriceData {
  name: string;
  asOf: string;
  prices: {
    ec2: { instanceType: string; monthlyUSD: number; quote: string };
    rds: { instanceClass: string; monthlyUSD: number; quote: string };
    elasticache: { nodeType: string; monthlyUSD: number; quote: string };
    s3: { usdPerGBMonth: number; quote: string };
    cloudfront: { usdPerGB: number; quote: string };
    alb: { monthlyUSD: number; quote: string };
  };
  reserved: { multiplier: number; services: string[]; quote: string };
}

/** Read a JSON file of models/. */
export function readModel<T>(file: string): T {
  return JSON.parse(readFileSync(join(packageRoot(), "models", file), "utf8")) as T;
}

export const loadCatalogue = (): Catalogue => readModel<Catalogue>("catalogue.json");
export const loadGuidePrices = (): GuidePriceData => readModel<GuidePriceData>("guide-prices.json");
