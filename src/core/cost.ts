// estimateCost(plan, priceBook): the monthly cost of the six services on one price book (pure).
// planning-model.md section 3.
import type { CapacityPlan, Stack } from "./capacity.js";
import { isGap, tieredCost, type PriceBook, type PriceSource, type Priced, type ServiceId, type TieredPrice, type PriceGap } from "./pricing/price-book.js";
import { gb, num, unitUSD, usd } from "../present/format.js";

/** One priced part of a service (an RDS instance, its storage). */
export interface CostLine {
  label: string;
  monthlyUSD: number;
  basis: string;
  /** The SKU and source of the price, where the book has them. */
  ref?: string;
}

const UNCONFIRMED = "unconfirmed price (not from a raw price-list answer)";

/** A cost line for a price, carrying its reference. */
function line(label: string, monthlyUSD: number, price: { basis: string; ref?: string }): CostLine {
  return { label, monthlyUSD, basis: price.basis, ...(price.ref ? { ref: price.ref } : {}) };
}

/** Notes a line's price asks for: an unconfirmed price says so. */
function refNotes(lines: CostLine[]): string[] {
  return lines.some((l) => l.ref?.includes("unconfirmed")) ? [UNCONFIRMED] : [];
}

export interface ServiceCost {
  /** null only where the price book has no price: see `gap`. */
  monthlyUSD: number | null;
  quantity: number;
  unit: string;
  description: string;
  lines: CostLine[];
  gap?: string;
  notes: string[];
}

export interface CostEstimate {
  book: "guide" | "aws";
  source: PriceSource;
  services: Record<ServiceId, ServiceCost>;
  /** The sum of the priced services; with gaps it is a lower bound (see `complete`). */
  totalMonthlyUSD: number;
  complete: boolean;
  gaps: ServiceId[];
}

/** Price the plan's stack on a book. A price the book lacks is a gap, never $0. */
export function estimateCost(capacity: CapacityPlan, stack: Stack, book: PriceBook): CostEstimate {
  const services: Record<ServiceId, ServiceCost> = {
    ec2: perUnit(book.compute(stack.instanceType), stack.instances, "instances", `${num(stack.instances)} × ${stack.instanceType}`),
    rds: database(stack, book),
    elasticache: perUnit(book.cacheNode(stack.cache.nodeType), 1, "nodes", `1 × ${stack.cache.nodeType}`),
    s3: tiered(book.objectStorage(), capacity.storageGB, "GB-month", "S3 Standard storage"),
    cloudfront: tiered(book.cdnTransfer(), capacity.cdnTransferGB, "GB", "CloudFront data transfer out"),
    alb: loadBalancer(book, stack.albLcu),
  };
  const gaps = (Object.keys(services) as ServiceId[]).filter((id) => services[id].monthlyUSD === null);
  const totalMonthlyUSD = Object.values(services).reduce((sum, s) => sum + (s.monthlyUSD ?? 0), 0);
  return { book: book.name, source: book.source, services, totalMonthlyUSD, complete: gaps.length === 0, gaps };
}

function gapCost(quantity: number, unit: string, description: string, gap: string): ServiceCost {
  return { monthlyUSD: null, quantity, unit, description, lines: [], gap, notes: [] };
}

function perUnit(price: Priced, quantity: number, unit: string, what: string): ServiceCost {
  if (isGap(price)) return gapCost(quantity, unit, what, price.gap);
  const monthlyUSD = quantity * price.monthlyUSD;
  return {
    monthlyUSD,
    quantity,
    unit,
    description: `${what} at ${usd(price.monthlyUSD)}/month`,
    lines: [line(what, monthlyUSD, price)],
    notes: refNotes([line(what, monthlyUSD, price)]),
  };
}

function database(stack: Stack, book: PriceBook): ServiceCost {
  const { instanceClass, multiAz, storageGB, storageType } = stack.database;
  const az = multiAz ? "Multi-AZ" : "Single-AZ";
  const what = `${instanceClass} ${az}`;
  const instance = book.database(instanceClass, multiAz);
  if (isGap(instance)) return gapCost(1, "instances", what, instance.gap);
  const lines: CostLine[] = [line(what, instance.monthlyUSD, instance)];
  const notes: string[] = [];
  let description = `${what} at ${usd(instance.monthlyUSD)}/month`;
  const storage = book.databaseStorage(storageType, multiAz);
  if (storage === null) {
    notes.push(`the guide leaves RDS storage (${num(storageGB)} GB) out of its price`);
  } else if (isGap(storage)) {
    return { ...gapCost(1, "instances", what, storage.gap), lines };
  } else {
    const monthlyUSD = storageGB * storage.monthlyUSD;
    lines.push(line(`${num(storageGB)} GB ${storageType} storage`, monthlyUSD, storage));
    description += ` + ${num(storageGB)} GB ${storageType} at ${unitUSD(storage.monthlyUSD)}/GB-month`;
    notes.push("includes storage, which the guide's RDS price leaves out");
  }
  notes.push(...refNotes(lines));
  return { monthlyUSD: lines.reduce((s, l) => s + l.monthlyUSD, 0), quantity: 1, unit: "instances", description, lines, notes };
}

function tiered(price: TieredPrice | PriceGap, quantityGB: number, unit: string, what: string): ServiceCost {
  if (isGap(price)) return gapCost(quantityGB, unit, what, price.gap);
  const free = Math.min(price.freeGB, quantityGB);
  const billable = quantityGB - free;
  const monthlyUSD = tieredCost(billable, price.tiers);
  const rates = price.tiers.length === 1 ? `at ${unitUSD(price.tiers[0].usdPerGB)}/GB` : `on ${price.tiers.length} tiers`;
  const freeText = free > 0 ? `, less ${num(free)} GB always free (-${usd(tieredCost(quantityGB, price.tiers) - monthlyUSD)})` : "";
  const lines = [line(what, monthlyUSD, price)];
  return { monthlyUSD, quantity: quantityGB, unit, description: `${what}: ${gb(quantityGB)} ${rates}${freeText}`, lines, notes: refNotes(lines) };
}

function loadBalancer(book: PriceBook, lcu: number): ServiceCost {
  const hourly = book.loadBalancer();
  if (isGap(hourly)) return gapCost(1, "load balancers", "1 Application Load Balancer", hourly.gap);
  const lines: CostLine[] = [line("1 ALB", hourly.monthlyUSD, hourly)];
  let description = `1 Application Load Balancer at ${usd(hourly.monthlyUSD)}/month`;
  const unit = book.loadBalancerCapacityUnit();
  if (unit !== null) {
    if (isGap(unit)) return { ...gapCost(1, "load balancers", description, unit.gap), lines };
    lines.push(line(`${num(lcu)} LCU`, lcu * unit.monthlyUSD, unit));
    description += ` + ${num(lcu)} LCU at ${usd(unit.monthlyUSD)}/LCU-month`;
  }
  return { monthlyUSD: lines.reduce((s, l) => s + l.monthlyUSD, 0), quantity: 1, unit: "load balancers", description, lines, notes: refNotes(lines) };
}
