// `heirloom-plan prices pull|show`: fetch every price a plan needs into a snapshot and the cache; list what is stored.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { planCapacity } from "../core/capacity.js";
import { EXIT, HeirloomError } from "../core/errors.js";
import { loadCatalogue } from "../io/models.js";
import { itemsForCatalogue, itemsForStack, loadPricingModels, type PriceItem } from "../core/pricing/aws-items.js";
import { credentialsProblem, fetchLive } from "../io/prices/aws-live.js";
import { PriceListError, parseEntries, quoteFor, selectProduct, type Quote } from "../core/pricing/price-list.js";
import { cacheDir, readCached, readSnapshot, writeCached, type Snapshot, type SnapshotItem } from "../io/prices/price-store.js";
import { alignColumns, unitUSD } from "../present/format.js";
import { checkWritable, writeFileAtomically } from "../io/output.js";
import { notify, pricesTimeoutMs } from "./plan-command.js";
import { assertPlanInRange, resolvePlanOptions } from "./plan-options.js";


/** Fetch the plan's items live (no fallback: a pull that cannot reach AWS fails, exit 3). */
export async function pricesPull(opts: Record<string, unknown>): Promise<number> {
  const catalogue = loadCatalogue();
  const resolved = await resolvePlanOptions(opts, catalogue);
  const { model, regions } = loadPricingModels();
  const region = resolved.profile.pricing.region;
  const where = { code: region, ...regions[region] };
  const planned = planCapacity(resolved.profile, catalogue);
  assertPlanInRange(planned.capacity, resolved);
  const items = opts.catalogue ? itemsForCatalogue(model, where, catalogue) : itemsForStack(model, where, planned.stack, true);
  const output = typeof opts.output === "string" ? opts.output : `heirloom-prices-${region}.json`;
  checkWritable(output, { force: Boolean(opts.force), flag: "--output" }); // before asking AWS
  const fail = (why: string) => new HeirloomError(`prices pull: ${why}`, EXIT.pricesUnavailable);
  const noCredentials = credentialsProblem(process.env);
  if (noCredentials) throw fail(noCredentials);

  const results = await fetchLive(items, model.endpointRegion, pricesTimeoutMs(process.env));
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const snapshotItems: Record<string, SnapshotItem> = {};
  const quotes: Quote[] = [];
  const pulled: PriceItem[] = [];
  for (const item of items) {
    const result = results.get(item.key)!;
    if (!result.ok) throw fail(`${item.key}: ${result.reason}`);
    try {
      quotes.push(quoteFor(item, selectProduct(item, parseEntries(item, result.priceList)).entry, "on-demand"));
    } catch (err) {
      // A whole catalogue may hold types a region does not sell: those are left out, said once each.
      if (err instanceof PriceListError && opts.catalogue && result.priceList.length === 0) {
        notify(`${item.key}: not sold in ${region}; left out of the snapshot`);
        continue;
      }
      if (err instanceof PriceListError) throw fail(err.message);
      throw err;
    }
    pulled.push(item);
    snapshotItems[item.key] = {
      request: item.request,
      response: { FormatVersion: "aws_v1", PriceList: result.priceList },
      provenance: { source: "GetProducts, pulled live by heirloom-plan", sourceDate: today, confirmedByPriceList: true },
    };
  }
  const dir = cacheDir(process.env);
  for (const item of pulled) writeCached(dir, region, item.key, snapshotItems[item.key], now, notify);
  const snapshot: Snapshot = { format: "heirloom-plan price snapshot", formatVersion: 1, region, asOf: today, origin: "live", items: snapshotItems };
  writeFileAtomically(output, JSON.stringify(snapshot, null, 2) + "\n", Boolean(opts.force));
  process.stdout.write(table(quotes.map((q) => row(q, "live", today, ""))));
  notify(`wrote ${pulled.length} prices for ${region} to ${output}`);
  return EXIT.ok;
}

/** List the prices the snapshot and the cache hold for a region. */
export async function pricesShow(opts: Record<string, unknown>): Promise<number> {
  const { model, regions } = loadPricingModels();
  const region = typeof opts.region === "string" ? opts.region : "us-east-1";
  if (!regions[region]) throw new HeirloomError(`--region: "${region}" is not a known region (priced: ${Object.keys(regions).join(", ")})`);
  const rows: string[][] = [];
  const describeItem = (key: string): PriceItem => {
    const [kind] = key.split(":");
    const template = model.items[kind as keyof typeof model.items];
    if (!template) throw new HeirloomError(`unknown priced item ${key}`);
    return { key, kind: kind as PriceItem["kind"], request: { ServiceCode: template.serviceCode, Filters: [], FormatVersion: "aws_v1" }, unit: template.unit, tiered: Boolean(template.tiered) };
  };
  const add = (key: string, priceList: readonly unknown[], origin: string, asOf: string, note: string) => {
    try {
      const item = describeItem(key);
      rows.push(row(quoteFor(item, selectProduct(item, parseEntries(item, priceList)).entry, "on-demand"), origin, asOf, note));
    } catch (err) {
      rows.push([key, origin, "-", "unusable", asOf, err instanceof Error ? err.message : String(err)]);
    }
  };
  const cachePrices = join(cacheDir(process.env), "prices", region);
  const now = new Date();
  if (existsSync(cachePrices)) {
    for (const file of readdirSync(cachePrices).filter((f) => f.endsWith(".json")).sort()) {
      const key = file.slice(0, -5).replace(/_/g, ":");
      const cached = readCached(cacheDir(process.env), region, key, now, notify);
      if (cached) add(key, cached.response.PriceList, "cache", cached.fetchedAt.slice(0, 10), `${cached.ageHours.toFixed(1)} h old`);
    }
  }
  const snapshot = readSnapshot(region, typeof opts.prices === "string" ? opts.prices : undefined);
  for (const [key, stored] of Object.entries(snapshot?.items ?? {})) {
    // "as of": the date of the price's source, where the snapshot records it.
    add(key, stored.response.PriceList, "snapshot", stored.provenance?.sourceDate ?? snapshot!.asOf, stored.provenance?.confirmedByPriceList === false ? "unconfirmed" : "");
  }
  if (rows.length === 0) {
    notify(`no stored prices for ${region}: run \`heirloom-plan prices pull --region ${region}\` with AWS credentials`);
    return EXIT.ok;
  }
  if (opts.format === "json") {
    process.stdout.write(JSON.stringify(rows.map(([item, origin, sku, price, asOf, note]) => ({ item, origin, sku, price, asOf, note })), null, 2) + "\n");
  } else {
    process.stdout.write(table(rows));
  }
  return EXIT.ok;
}

function row(q: Quote, origin: string, asOf: string, note: string): string[] {
  const first = q.tiers[0].usdPerGB;
  const price = `${unitUSD(first)}/${q.unit}${q.tiers.length > 1 ? ` (${q.tiers.length} tiers)` : ""}`;
  return [q.key, origin, q.sku, price, asOf, note];
}

function table(rows: string[][]): string {
  return alignColumns([["item", "source", "sku", "price", "as of", "note"], ...rows]).join("\n") + "\n";
}
