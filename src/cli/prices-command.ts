// `heirloom-plan prices pull|show`: fetch prices into a snapshot (formatVersion 2) and the cache; show coverage.
import { existsSync } from "node:fs";
import { planCapacity } from "../core/capacity.js";
import { EXIT, HeirloomError } from "../core/errors.js";
import { TERMS, type Term } from "../core/facts.js";
import { ITEM_KINDS, RESERVABLE, itemKeysForCatalogue, itemKeysForStacks, itemOfKey, parseItemKey, termOf, type ItemKind } from "../core/pricing/aws-items.js";
import { resolveAnswer, type PriceRecord } from "../core/pricing/price-list.js";
import { loadCatalogue } from "../io/models.js";
import { checkWritable, writeFileAtomically } from "../io/output.js";
import { credentialsProblem, fetchLive } from "../io/prices/aws-live.js";
import { loadPriceTable, loadPricingModels } from "../io/prices/aws-prices.js";
import { cacheDir, writeCached } from "../io/prices/price-store.js";
import { SNAPSHOT_FORMAT, parsePriceList, type SnapshotFile, type SnapshotPrice } from "../io/prices/schemas.js";
import { alignColumns } from "../present/format.js";
import { notify, pricesTimeoutMs } from "./plan-command.js";
import { assertPlanInRange, resolvePlanOptions } from "./plan-options.js";
import { writeStdout } from "../io/stdio.js";

const LIVE_SOURCE = "aws-price-list-api";
const decimal = (n: number) => {
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(12).replace(/0+$/, "").replace(/\.$/, "") : text;
};

/** A snapshot entry from a live price. */
function entryOf(p: PriceRecord): SnapshotPrice {
  const sku = p.provenance.sku ? { sku: p.provenance.sku } : {};
  if (p.tiers.length === 1 && p.tiers[0].toGB === Infinity && p.tiers[0].fromGB === 0 && !p.provenance.upfrontSpread) {
    return { usd: decimal(p.tiers[0].usdPerGB), src: LIVE_SOURCE, ...sku };
  }
  if (p.provenance.upfrontSpread) {
    const { upfrontUSD, hours } = p.provenance.upfrontSpread;
    return { usd: decimal(p.tiers[0].usdPerGB), src: LIVE_SOURCE, ...sku, spread: { option: "Partial Upfront", hours, upfrontUSD: decimal(upfrontUSD) } };
  }
  return { tiers: p.tiers.map((t) => ({ from: t.fromGB, usd: decimal(t.usdPerGB) })), src: LIVE_SOURCE, ...sku };
}

/** Fetch the plan's items (or the whole catalogue) live into a snapshot of formatVersion 2, and the cache. No fallback: exit 3. */
export async function pricesPull(opts: Record<string, unknown>): Promise<number> {
  const catalogue = loadCatalogue();
  const resolved = await resolvePlanOptions(opts, catalogue);
  const { model, regions } = loadPricingModels();
  const region = resolved.profile.pricing.region;
  if (!Object.hasOwn(regions, region)) throw new HeirloomError(`--region: "${region}" is not a known region (priced: ${Object.keys(regions).join(", ")})`);
  const where = { code: region, ...regions[region] };
  const planned = planCapacity(resolved.profile, catalogue);
  assertPlanInRange(planned.capacity, resolved);
  const keys = opts.catalogue ? itemKeysForCatalogue(catalogue) : itemKeysForStacks([planned.stack], true);
  const items = keys.map((k) => itemOfKey(model, where, k)!);
  const output = typeof opts.output === "string" ? opts.output : `heirloom-prices-${region}.json`;
  checkWritable(output, { force: Boolean(opts.force), flag: "--output" }); // before asking AWS
  const fail = (why: string) => new HeirloomError(`prices pull: ${why}`, EXIT.pricesUnavailable);
  const noCredentials = credentialsProblem(process.env);
  if (noCredentials) throw fail(noCredentials);

  const results = await fetchLive(items, model.endpointRegion, pricesTimeoutMs(process.env));
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const prices: SnapshotFile["prices"] = {};
  const gaps: NonNullable<SnapshotFile["gaps"]> = {};
  const dir = cacheDir(process.env);
  let zero = 0;
  for (const item of items) {
    const result = results.get(item.key);
    if (!result || !result.ok) throw fail(`${item.key}: ${result?.reason ?? "no answer"}`);
    const parsed = parsePriceList(result.priceList);
    if ("problem" in parsed) throw fail(`${item.key}: ${parsed.problem}`);
    writeCached(dir, region, item, result.priceList, now, notify);
    const terms: readonly Term[] = RESERVABLE.has(item.kind) ? TERMS : ["on-demand"];
    for (const term of terms) {
      const r = resolveAnswer(item, parsed.entries, term, { origin: "live", asOf: today, source: "AWS Price List Query API (GetProducts)" });
      zero += r.dropped.length;
      if ("price" in r) {
        (prices[item.key] ??= {})[term] = entryOf(r.price);
        continue;
      }
      const why = r.gap.kind === "no-term" ? "not-offered" : r.gap.kind === "not-in-prices" ? "not-sold" : r.gap.kind === "zero-price" ? "zero-price" : undefined;
      if (!why) throw fail(`${item.key} (${term}): ${JSON.stringify(r.gap)}`);
      (gaps[item.key] ??= {})[term] = why;
    }
  }
  if (zero) notify(`dropped ${zero} $0 price${zero === 1 ? "" : "s"}: $0 is not a price`);
  const snapshot: SnapshotFile = {
    format: SNAPSHOT_FORMAT,
    formatVersion: 2,
    region,
    asOf: today,
    sources: { [LIVE_SOURCE]: { title: "AWS Price List Query API (GetProducts), pulled by heirloom-plan prices pull", url: `https://api.pricing.${model.endpointRegion}.amazonaws.com`, date: today } },
    prices,
    gaps,
  };
  writeFileAtomically(output, JSON.stringify(snapshot, null, 1) + "\n", Boolean(opts.force));
  const priced = Object.values(prices).reduce((n, t) => n + Object.keys(t ?? {}).length, 0);
  notify(`wrote ${priced} prices for ${region} to ${output}`);
  return EXIT.ok;
}

export interface CoverageRow {
  region: string;
  term: Term;
  kind: ItemKind;
  priced: number;
  missing: number;
  /** Where the priced ones came from (snapshot, cache). */
  origins: string[];
}

/** Coverage of the stored prices (cache, then snapshot): region × term × kind, priced and missing, over the whole catalogue. */
export async function pricesShow(opts: Record<string, unknown>): Promise<number> {
  const { regions } = loadPricingModels();
  const asked = typeof opts.region === "string" ? opts.region : undefined;
  if (asked !== undefined && !Object.hasOwn(regions, asked)) {
    throw new HeirloomError(`--region: "${asked}" is not a known region (priced: ${Object.keys(regions).join(", ")})`);
  }
  const keys = itemKeysForCatalogue(loadCatalogue());
  const rows: CoverageRow[] = [];
  for (const region of asked ? [asked] : Object.keys(regions)) {
    const table = await loadPriceTable({
      region,
      term: "on-demand",
      itemKeys: keys,
      live: false,
      refresh: false,
      ...(typeof opts.prices === "string" ? { snapshotPath: opts.prices } : {}),
      env: process.env,
      now: new Date(),
      timeoutMs: 0,
    });
    for (const line of table.notices) notify(line);
    for (const term of TERMS) {
      const look = table.lookup(term);
      for (const kind of ITEM_KINDS) {
        if (termOf(kind, term) !== term) continue;
        const ofKind = keys.filter((k) => parseItemKey(k)?.kind === kind);
        const found = ofKind.map((k) => look(k));
        const priced = found.filter((f): f is PriceRecord => !("gap" in f));
        rows.push({ region, term, kind, priced: priced.length, missing: found.length - priced.length, origins: [...new Set(priced.map((p) => p.provenance.origin))].sort() });
      }
    }
  }
  if (asked && rows.every((r) => r.priced === 0)) {
    throw new HeirloomError(`prices show: no stored prices for ${asked}: run \`heirloom-plan prices pull --region ${asked} --catalogue\` with AWS credentials`, EXIT.pricesUnavailable);
  }
  if (opts.format === "json") {
    writeStdout(JSON.stringify(rows, null, 2) + "\n");
    return EXIT.ok;
  }
  const header = ["region", "term", "kind", "priced", "missing", "from"];
  const body = rows.map((r) => [r.region, r.term, r.kind, String(r.priced), String(r.missing), r.origins.join(", ") || "-"]);
  writeStdout(alignColumns([header, ...body]).join("\n") + "\n");
  return EXIT.ok;
}
