// estimateCost(plan, priceBook): the monthly cost of the eight services on one price book (pure).
// docs/planning-model.md section 3. A price the book lacks is a gap, never $0.
import type { CapacityPlan, Stack } from "./capacity.js";
import { lookup, type Catalogue } from "./catalogue.js";
import {
  SERVICE_IDS,
  isGap,
  type CostEstimate,
  type CostLine,
  type CostNote,
  type GapReason,
  type Priced,
  type ServiceCost,
  type ServiceId,
  type TieredPrice,
  type UnitPrice,
} from "./facts.js";
import { tieredCost, type PriceBook } from "./pricing/book.js";
import { HOURS_PER_MONTH } from "./units.js";

/** One unit for a month: an hourly price × 730 h, a monthly one as it is. */
export const monthly = (p: UnitPrice) => (p.per === "hour" || p.per === "LCU-hour" || p.per === "vCPU-hour" ? p.usd * HOURS_PER_MONTH : p.usd);

/** Surplus vCPU-hours a month of a burstable fleet above its baseline (docs/planning-model.md section 3). */
export function surplusVcpuHours(backendCpuShare: number, baseline: number, vcpu: number, instances: number): number {
  return Math.max(0, backendCpuShare - baseline) * vcpu * instances * HOURS_PER_MONTH;
}

class Gap {
  constructor(readonly reason: GapReason) {}
}

/** The price, or throw the gap to the service being priced. */
function need<T>(p: Priced<T>): T {
  if (isGap(p)) throw new Gap(p.gap);
  return p;
}

/** A line of quantity × price; an hourly price counts 730 hours per unit unless the quantity is in hours already. */
function unitLine(part: CostLine["part"], what: string, quantity: number, unit: string, price: UnitPrice, quantityInHours = false): CostLine {
  return { part, what, quantity, unit, price, monthlyUSD: quantity * (quantityInHours ? price.usd : monthly(price)) };
}

function tieredLine(what: string, quantityGB: number, price: TieredPrice): CostLine {
  const freeGB = Math.min(price.freeGB, quantityGB);
  const monthlyUSD = tieredCost(quantityGB - freeGB, price.tiers);
  const line: CostLine = { part: "tiered-usage", what, quantity: quantityGB, unit: price.per, price, monthlyUSD };
  if (freeGB > 0) Object.assign(line, { freeGB, freeUSD: tieredCost(quantityGB, price.tiers) - monthlyUSD });
  return line;
}

/** Notes a service's lines ask for. */
function lineNotes(book: PriceBook, lines: CostLine[]): CostNote[] {
  const notes = new Set<CostNote>();
  for (const l of lines) {
    const p = l.price.provenance;
    if (p.origin !== "guide" && !p.confirmed) notes.add("unconfirmed-price");
    if (p.upfrontSpread) notes.add("upfront-spread");
    if (p.derived) notes.add("derived-from-guide");
    if (l.freeGB && "freeAllowance" in l.price && l.price.freeAllowance === "per-account") notes.add("free-allowance-per-account");
  }
  if (book.name === "guide" && book.source.term !== "on-demand" && lines.some((l) => ["instance-hours", "db-instance-hours", "node-hours"].includes(l.part))) {
    notes.add("guide-reserved-terms-alike");
  }
  return [...notes];
}

interface Priceable {
  quantity: number;
  unit: string;
  /** null: the book does not cover the service (the guide's dataTransfer and cloudwatch). */
  lines: () => CostLine[] | null;
  notes?: CostNote[];
}

function service(id: ServiceId, book: PriceBook, p: Priceable): ServiceCost {
  try {
    const lines = p.lines();
    if (lines === null) return { id, monthlyUSD: null, quantity: p.quantity, unit: p.unit, lines: [], notInGuide: true, notes: ["not-in-guide"] };
    const monthlyUSD = lines.reduce((s, l) => s + l.monthlyUSD, 0);
    return { id, monthlyUSD, quantity: p.quantity, unit: p.unit, lines, notes: [...(p.notes ?? []), ...lineNotes(book, lines)] };
  } catch (e) {
    if (!(e instanceof Gap)) throw e;
    return { id, monthlyUSD: null, quantity: p.quantity, unit: p.unit, lines: [], gap: e.reason, notes: p.notes ?? [] };
  }
}

/** Price the plan's stack on a book. */
export function estimateCost(capacity: CapacityPlan, stack: Stack, book: PriceBook, catalogue: Catalogue): CostEstimate {
  const { instances, instanceType } = stack;
  const db = stack.database;
  const az = db.multiAz ? "Multi-AZ" : "Single-AZ";
  const instanceSpec = lookup(catalogue.ec2.types, instanceType);
  // The book's storage price, asked once: null where the book leaves storage out (the guide's), and says so.
  const storage = book.databaseStorage(db.storageType, db.multiAz);

  const services: Record<ServiceId, ServiceCost> = {
    ec2: service("ec2", book, {
      quantity: instances,
      unit: "instances",
      lines: () => {
        const lines = [unitLine("instance-hours", instanceType, instances, "instances", need(book.compute(instanceType)))];
        const volume = book.rootVolume();
        if (volume !== null) lines.push(unitLine("root-volumes", "gp3", instances * stack.rootVolumeGB, "GB-month", need(volume)));
        const credit = book.cpuCredit(instanceType);
        const baseline = instanceSpec?.baseline;
        if (credit !== null && baseline !== undefined && instanceSpec) {
          const hours = surplusVcpuHours(capacity.backendCpuShare, baseline, instanceSpec.vcpu, instances);
          if (hours > 0) lines.push(unitLine("cpu-credits", instanceType, hours, "vCPU-hours", need(credit), true));
        }
        return lines;
      },
    }),
    rds: service("rds", book, {
      quantity: 1,
      unit: "instances",
      notes: storage === null ? ["guide-leaves-out-storage"] : [],
      lines: () => {
        const lines = [unitLine("db-instance-hours", `${db.instanceClass} ${az}`, 1, "instances", need(book.database(db.instanceClass, db.multiAz)))];
        if (storage !== null) lines.push(unitLine("db-storage", db.storageType, db.storageGB, "GB-month", need(storage)));
        return lines;
      },
    }),
    elasticache: service("elasticache", book, {
      quantity: 1,
      unit: "nodes",
      lines: () => [unitLine("node-hours", stack.cache.nodeType, 1, "nodes", need(book.cacheNode(stack.cache.nodeType, stack.cache.engine)))],
    }),
    s3: service("s3", book, { quantity: capacity.storageGB, unit: "GB-month", lines: () => [tieredLine("S3 Standard", capacity.storageGB, need(book.objectStorage()))] }),
    cloudfront: service("cloudfront", book, { quantity: capacity.cdnTransferGB, unit: "GB", lines: () => [tieredLine("CloudFront out", capacity.cdnTransferGB, need(book.cdnTransfer()))] }),
    alb: service("alb", book, {
      quantity: 1,
      unit: "load balancers",
      lines: () => {
        const lines = [unitLine("alb-hours", "ALB", 1, "load balancers", need(book.loadBalancer()))];
        const lcu = book.loadBalancerCapacityUnit();
        if (lcu !== null) lines.push(unitLine("lcu-hours", "LCU", stack.albLcu, "LCU", need(lcu)));
        return lines;
      },
    }),
    dataTransfer: service("dataTransfer", book, {
      quantity: capacity.egressGB,
      unit: "GB",
      lines: () => {
        const price = book.dataTransferOut();
        return price === null ? null : [tieredLine("internet out", capacity.egressGB, need(price))];
      },
    }),
    cloudwatch: service("cloudwatch", book, {
      quantity: capacity.logsGB,
      unit: "GB",
      lines: () => {
        const price = book.logsIngestion();
        return price === null ? null : [tieredLine("Logs ingestion", capacity.logsGB, need(price))];
      },
    }),
  };
  const gaps = SERVICE_IDS.filter((id) => services[id].gap !== undefined);
  const totalMonthlyUSD = SERVICE_IDS.reduce((sum, id) => sum + (services[id].monthlyUSD ?? 0), 0);
  return { book: book.name, source: book.source, services, totalMonthlyUSD, complete: gaps.length === 0, gaps };
}
