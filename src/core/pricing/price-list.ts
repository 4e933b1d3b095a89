// Reading GetProducts answers: exactly one product per item, its OnDemand or Reserved term, tiers in order,
// units checked. Pure. The traps it guards against: shared/pricing/aws-price-list-notes.md section 4.
import type { Term } from "../profile/schema.js";
import type { PriceItem } from "./aws-items.js";
import type { Tier } from "./price-book.js";
import { num } from "../../present/format.js";

/** A price-list answer that cannot be used as it stands: one line saying why. */
export class PriceListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PriceListError";
  }
}

interface PriceDimension {
  unit?: string;
  beginRange?: string;
  endRange?: string;
  description?: string;
  pricePerUnit?: { USD?: string };
}

interface OfferTerm {
  priceDimensions?: Record<string, PriceDimension>;
  termAttributes?: Record<string, string>;
  effectiveDate?: string;
}

export interface PriceListEntry {
  product: { sku: string; productFamily?: string; attributes: Record<string, string> };
  serviceCode?: string;
  terms: { OnDemand?: Record<string, OfferTerm>; Reserved?: Record<string, OfferTerm> };
  version?: string;
  publicationDate?: string;
}

/** A usable price of one item. */
export interface Quote {
  key: string;
  sku: string;
  unit: string;
  /** Price per unit, in tiers (one tier, 0..Infinity, for a flat price). */
  tiers: Tier[];
  term: Term;
  /** How the term was priced, where it is not plain on-demand or reserved No Upfront. */
  termNote?: string;
  publicationDate: string;
  version: string;
}

const HOURS_PER_TERM: Record<string, number> = { "1yr": 8760, "3yr": 26_280 };
const RESERVABLE = new Set(["ec2", "rds", "elasticache"]);

/** Parse an answer's PriceList strings (or objects), naming the item in any error. */
export function parseEntries(item: PriceItem, priceList: readonly unknown[]): PriceListEntry[] {
  return priceList.map((raw, i) => {
    let entry: unknown;
    try {
      entry = typeof raw === "string" ? JSON.parse(raw) : JSON.parse(String(raw));
    } catch {
      throw new PriceListError(`${item.key}: PriceList[${i}] is not JSON`);
    }
    const e = entry as Partial<PriceListEntry> | null;
    if (!e || typeof e !== "object" || !e.product || typeof e.product.sku !== "string" || !e.product.attributes || !e.terms || typeof e.terms !== "object") {
      throw new PriceListError(`${item.key}: PriceList[${i}] is malformed (no product.sku, product.attributes or terms)`);
    }
    return e as PriceListEntry;
  });
}

function usd(dim: PriceDimension, item: PriceItem, sku: string): number {
  const text = dim.pricePerUnit?.USD;
  const value = text === undefined ? NaN : Number(text);
  if (text === undefined || text.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw new PriceListError(`${item.key}: SKU ${sku} has a malformed USD price (${JSON.stringify(text)})`);
  }
  return value;
}

const onDemandDims = (e: PriceListEntry) => Object.values(e.terms.OnDemand ?? {}).flatMap((t) => Object.values(t.priceDimensions ?? {}));

/** The one product an item's answer holds: same-SKU repeats merged, $0 duplicates dropped, else exactly one. */
export function selectProduct(item: PriceItem, entries: readonly PriceListEntry[]): { entry: PriceListEntry; dropped: string[] } {
  const bySku = new Map<string, PriceListEntry>();
  for (const e of entries) if (!bySku.has(e.product.sku)) bySku.set(e.product.sku, e);
  let candidates = [...bySku.values()];
  const dropped: string[] = [];
  if (candidates.length === 0) throw new PriceListError(`${item.key}: no product matches ${describeFilters(item)}`);
  if (candidates.length > 1) {
    // A row priced $0 beside a priced one is a reservation or free-tier row (notes 4.1, 4.3), never the price.
    const priced = candidates.filter((e) => onDemandDims(e).some((d) => Number(d.pricePerUnit?.USD) > 0));
    if (priced.length > 0 && priced.length < candidates.length) {
      dropped.push(...candidates.filter((e) => !priced.includes(e)).map((e) => e.product.sku));
      candidates = priced;
    }
  }
  if (candidates.length > 1) {
    throw new PriceListError(`${item.key}: ${candidates.length} products match, expected 1: ${describeCandidates(candidates)}`);
  }
  return { entry: candidates[0], dropped };
}

function describeFilters(item: PriceItem): string {
  return `${item.request.ServiceCode} ${item.request.Filters.map((f) => `${f.Field}=${f.Value}`).join(", ")}`;
}

/** The SKUs with the attributes in which they differ. */
function describeCandidates(candidates: readonly PriceListEntry[]): string {
  const keys = new Set(candidates.flatMap((c) => Object.keys(c.product.attributes)));
  const differing = [...keys].filter((k) => new Set(candidates.map((c) => c.product.attributes[k])).size > 1);
  return candidates
    .map((c) => `${c.product.sku} (${differing.map((k) => `${k}=${c.product.attributes[k] ?? "-"}`).join(", ") || "identical attributes"})`)
    .join("; ");
}

/** The item's price on a term, from its one product. */
export function quoteFor(item: PriceItem, entry: PriceListEntry, term: Term): Quote {
  const sku = entry.product.sku;
  const base = { key: item.key, sku, unit: item.unit, publicationDate: entry.publicationDate ?? "", version: entry.version ?? "" };
  if (term !== "on-demand" && RESERVABLE.has(item.kind)) return { ...base, ...reservedPrice(item, entry, term), term };
  const terms = Object.values(entry.terms.OnDemand ?? {});
  if (terms.length !== 1) throw new PriceListError(`${item.key}: SKU ${sku} has ${terms.length} OnDemand terms, expected 1`);
  const tiers = tiersOf(item, sku, Object.values(terms[0].priceDimensions ?? {}));
  if (tiers.every((t) => t.usdPerGB === 0)) {
    throw new PriceListError(`${item.key}: SKU ${sku} is priced $0, a reservation or free-tier row, not a price`);
  }
  const note = term !== "on-demand" ? `${item.kind} has no reserved term: on-demand price` : undefined;
  return { ...base, tiers, term: term !== "on-demand" ? term : "on-demand", ...(note ? { termNote: note } : {}) };
}

/** Sorted, contiguous tiers from 0 to Infinity, every one in the item's unit. */
function tiersOf(item: PriceItem, sku: string, dims: PriceDimension[]): Tier[] {
  if (dims.length === 0) throw new PriceListError(`${item.key}: SKU ${sku} has no price dimensions`);
  const tiers = dims.map((d) => {
    if (d.unit !== item.unit) throw new PriceListError(`${item.key}: SKU ${sku} is priced per ${d.unit ?? "?"}, expected ${item.unit}`);
    return { fromGB: range(d.beginRange ?? "0", item, sku), toGB: range(d.endRange ?? "Inf", item, sku), usdPerGB: usd(d, item, sku) };
  });
  tiers.sort((a, b) => a.fromGB - b.fromGB);
  let at = 0;
  for (const t of tiers) {
    if (t.fromGB !== at || t.toGB <= t.fromGB) throw new PriceListError(`${item.key}: SKU ${sku} has tiers with a gap or overlap at ${at}`);
    at = t.toGB;
  }
  if (at !== Infinity) throw new PriceListError(`${item.key}: SKU ${sku}'s last tier ends at ${at}, not Inf`);
  if (!item.tiered && tiers.length > 1) throw new PriceListError(`${item.key}: SKU ${sku} has ${tiers.length} tiers, expected one price`);
  return tiers;
}

function range(text: string, item: PriceItem, sku: string): number {
  if (text === "Inf") return Infinity;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < 0) throw new PriceListError(`${item.key}: SKU ${sku} has a malformed range ${JSON.stringify(text)}`);
  return n;
}

const PURCHASE_PREFERENCE = ["No Upfront", "Partial Upfront", "All Upfront"];

/** Reserved standard term: No Upfront where offered, else an upfront fee spread over the term's hours. */
function reservedPrice(item: PriceItem, entry: PriceListEntry, term: Term): { tiers: Tier[]; termNote?: string } {
  const lease = term === "reserved-1yr" ? "1yr" : "3yr";
  const sku = entry.product.sku;
  const offers = Object.values(entry.terms.Reserved ?? {}).filter(
    (t) => t.termAttributes?.LeaseContractLength === lease && (t.termAttributes?.OfferingClass ?? "standard") === "standard",
  );
  for (const option of PURCHASE_PREFERENCE) {
    const offer = offers.find((t) => t.termAttributes?.PurchaseOption === option);
    if (!offer) continue;
    const dims = Object.values(offer.priceDimensions ?? {});
    const hourly = dims.filter((d) => d.unit !== "Quantity");
    const upfront = dims.filter((d) => d.unit === "Quantity").reduce((s, d) => s + usd(d, item, sku), 0);
    const hourlyUSD = hourly.length ? tiersOf(item, sku, hourly)[0].usdPerGB : 0;
    const perHour = hourlyUSD + upfront / HOURS_PER_TERM[lease];
    const tiers = [{ fromGB: 0, toGB: Infinity, usdPerGB: perHour }];
    if (option === "No Upfront") return { tiers };
    return {
      tiers,
      termNote: `${lease} No Upfront is not offered: ${option}, $${upfront} upfront spread over ${num(HOURS_PER_TERM[lease])} h${hourlyUSD ? ` plus $${hourlyUSD}/h` : ""}`,
    };
  }
  throw new PriceListError(`${item.key}: SKU ${sku} has no ${lease} standard reserved term`);
}
