// AWS's prices for a stack: a fresh cache first, then the live API, then the bundled snapshot, saying why.
import type { Term } from "../../core/profile/schema.js";
import { awsPriceBook, bookSource, type QuoteMap, type SourcedQuote } from "../../core/pricing/aws-book.js";
import type { PriceFilterModel, PriceItem } from "../../core/pricing/aws-items.js";
import { credentialsProblem, fetchLive } from "./aws-live.js";
import type { PriceBook } from "../../core/pricing/price-book.js";
import { PriceListError, parseEntries, quoteFor, selectProduct } from "../../core/pricing/price-list.js";
import { CACHE_HOURS, cacheDir, readCached, readSnapshot, writeCached } from "./price-store.js";

export interface AwsPriceRequest {
  items: readonly PriceItem[];
  model: PriceFilterModel;
  region: string;
  term: Term;
  /** Cache or snapshot only, never the network, and no notice about it. */
  offline: boolean;
  /** Skip the cache and ask AWS again. */
  refresh: boolean;
  /** A snapshot file instead of the bundled one. */
  snapshotPath?: string;
  env: NodeJS.ProcessEnv;
  now: Date;
  timeoutMs: number;
}

export interface AwsPrices {
  /** Undefined where no item could be priced at all. */
  book?: PriceBook;
  quotes: QuoteMap;
  /** One-line notices for stderr. */
  notices: string[];
  /** Why there is no book, or why live prices were not used. */
  reason?: string;
}

/** A quote from a stored or live answer, or the PriceListError message. */
function quoteOf(item: PriceItem, priceList: readonly unknown[], term: Term, extra: Omit<SourcedQuote, keyof ReturnType<typeof quoteFor>>): SourcedQuote | { error: string } {
  try {
    const { entry } = selectProduct(item, parseEntries(item, priceList));
    return { ...quoteFor(item, entry, term), ...extra };
  } catch (err) {
    if (err instanceof PriceListError) return { error: err.message };
    throw err;
  }
}

/** Find AWS prices for the items, in the order: fresh cache, live, snapshot. */
export async function loadAwsPrices(req: AwsPriceRequest): Promise<AwsPrices> {
  const notices: string[] = [];
  const quotes: QuoteMap = new Map();
  const dir = cacheDir(req.env);
  const notice = (line: string) => notices.push(line);
  let remaining = [...req.items];

  if (!req.refresh) {
    remaining = remaining.filter((item) => {
      const cached = readCached(dir, req.region, item.key, req.now, notice);
      if (!cached || cached.ageHours >= CACHE_HOURS) return true;
      const q = quoteOf(item, cached.response.PriceList, req.term, { origin: "cache", asOf: cached.fetchedAt.slice(0, 10), ageHours: cached.ageHours });
      if ("error" in q) {
        notice(`ignoring the cached answer for ${item.key}: ${q.error}`);
        return true;
      }
      quotes.set(item.key, q);
      return false;
    });
  }

  const liveFailures = new Map<string, string>();
  let liveReason: string | undefined;
  if (remaining.length > 0 && !req.offline) {
    liveReason = credentialsProblem(req.env);
    if (!liveReason) {
      const results = await fetchLive(remaining, req.model.endpointRegion, req.timeoutMs);
      const today = req.now.toISOString().slice(0, 10);
      remaining = remaining.filter((item) => {
        const result = results.get(item.key)!;
        if (!result.ok) {
          liveFailures.set(item.key, result.reason);
          return true;
        }
        const q = quoteOf(item, result.priceList, req.term, { origin: "live", asOf: today });
        if ("error" in q) {
          liveFailures.set(item.key, q.error.replace(`${item.key}: `, ""));
          return true;
        }
        writeCached(dir, req.region, item.key, { request: item.request, response: { FormatVersion: "aws_v1", PriceList: result.priceList } }, req.now, notice);
        quotes.set(item.key, q);
        return false;
      });
      if (liveFailures.size) liveReason = summarise(liveFailures);
    }
  }

  if (remaining.length > 0) {
    const snapshot = readSnapshot(req.region, req.snapshotPath);
    const fromSnapshot: string[] = [];
    for (const item of remaining) {
      const stored = snapshot?.items[item.key];
      if (!stored) {
        const where = snapshot ? `not in the ${req.snapshotPath ? "--prices" : "bundled"} snapshot (${snapshot.asOf})` : `no cache or snapshot for ${req.region}`;
        const why = liveFailures.get(item.key) ?? liveReason;
        quotes.set(item.key, { gap: `no AWS price for ${item.key}: ${where}${why && !req.offline ? `; live prices unavailable (${why})` : ""}` });
        continue;
      }
      const p = stored.provenance;
      const provenanceNote = p && p.confirmedByPriceList === false ? "unconfirmed: not seen in a raw price-list answer" : undefined;
      const q = quoteOf(item, stored.response.PriceList, req.term, { origin: "snapshot", asOf: snapshot!.asOf, ...(provenanceNote ? { provenanceNote } : {}) });
      if ("error" in q) quotes.set(item.key, { gap: `no AWS price for ${item.key}: ${q.error.replace(`${item.key}: `, "")}` });
      else {
        quotes.set(item.key, q);
        fromSnapshot.push(item.key);
      }
    }
    if (fromSnapshot.length && liveReason && !req.offline) {
      const all = fromSnapshot.length === req.items.length;
      notice(`AWS prices ${all ? "" : `for ${fromSnapshot.join(", ")} `}from the ${req.snapshotPath ? "--prices" : "bundled"} snapshot of ${snapshot!.asOf}: live prices unavailable (${liveReason})`);
    }
  }

  const priced = [...quotes.values()].some((q) => !("gap" in q));
  const cdnFreeGB = req.model.items.cloudfront.freeGBPerMonth ?? 0;
  if (!priced) {
    const stored = readSnapshot(req.region, req.snapshotPath) ? "nothing usable in the snapshot" : `no cached or bundled prices for ${req.region}`;
    const live = req.offline ? "offline" : `live prices unavailable (${liveReason ?? "no answer"})`;
    return { quotes, notices, reason: `${live} and ${stored}` };
  }
  const source = bookSource(quotes, req.region, req.term, []);
  return { book: awsPriceBook({ quotes, source, cdnFreeGB }), quotes, notices, ...(liveReason ? { reason: liveReason } : {}) };
}

/** One phrase for the live failures: the reason where all share it, else the first two items' and a count. */
function summarise(failures: Map<string, string>): string {
  const reasons = new Set(failures.values());
  if (reasons.size === 1) return [...reasons][0];
  const listed = [...failures].slice(0, 2).map(([key, why]) => `${key}: ${why}`);
  return `${listed.join("; ")}${failures.size > 2 ? `; and ${failures.size - 2} more` : ""}`;
}
