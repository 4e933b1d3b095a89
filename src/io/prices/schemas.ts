// The shapes of every price file heirloom-plan reads: the snapshot (bundled or --prices), a cache entry, and a
// GetProducts PriceList entry. A file that does not fit is one line naming where, never a TypeError.
import * as z from "zod/mini";
import { DECIMAL, type PriceListEntry } from "../../core/pricing/price-list.js";
import { parseItemKey } from "../../core/pricing/aws-items.js";
import { RULE_IDS, TERMS, type RuleId } from "../../core/facts.js";

export const SNAPSHOT_FORMAT = "heirloom-plan price snapshot";
export const CACHE_FORMAT = "heirloom-plan price cache";
export const GAP_WHY = ["no-public-source", "not-offered", "not-sold", "zero-price"] as const;
/** The rules a snapshot's price may be derived by: every rule but the guide's own reserved discount. */
const SNAPSHOT_RULES = RULE_IDS.filter((id): id is Exclude<RuleId, "guide-reserved"> => id !== "guide-reserved");

// The schemas are built on first use: building them costs a plan's start-up time it need not pay (a plan from
// the bundled snapshot and no cache reads no file that needs them).
function build() {
  /** A price: a string in plain decimal notation ("0.0416"); a JSON number, "0x10", "1e3" or "" is refused. */
  const DECIMAL_MESSAGE = "must be a price in decimal notation, as a string";
  const DecimalString = z.string({ error: DECIMAL_MESSAGE }).check(z.regex(DECIMAL, { message: DECIMAL_MESSAGE }));
  const IsoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date (YYYY-MM-DD)" }));
  const Term = z.enum(TERMS);

  // What a snapshot says reaches reports (sources, SKUs): plain text only, no markup or control characters.
  const PlainText = z.string().check(z.minLength(1, { message: "must not be empty" }), z.maxLength(300, { message: "must be at most 300 characters" }), z.regex(/^[^\u0000-\u001f\u007f<>`]*$/, { message: "must be plain text (no control characters, <, > or `)" }));
  const Id = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: "must be an id of letters, digits, '.', '_' or '-'" }));
  const SourceSchema = z.strictObject({
    title: PlainText,
    repository: z.optional(PlainText),
    path: z.optional(PlainText),
    commit: z.optional(z.string().check(z.regex(/^[0-9a-f]{7,40}$/, { message: "must be a commit hash" }))),
    url: z.optional(PlainText),
    date: IsoDate,
  });

  const FlatPrice = z.strictObject({
    usd: DecimalString,
    src: Id,
    sku: z.optional(Id),
    /** A reserved rate whose upfront fee is spread over the term's hours. */
    spread: z.optional(z.strictObject({ option: z.enum(["Partial Upfront", "All Upfront"]), hours: z.int().check(z.positive()), upfrontUSD: z.optional(DecimalString) })),
    /** Reached from another item by a rule a cited statement gives. */
    derived: z.optional(z.strictObject({ rule: z.enum(SNAPSHOT_RULES), from: z.string().check(z.regex(/^[A-Za-z0-9.:-]{1,80}$/, { message: "must be an item key" })), factor: DecimalString, base: Id })),
  });

  const TieredPrice = z.strictObject({
    tiers: z.array(z.strictObject({ from: z.number().check(z.nonnegative()), usd: DecimalString })).check(z.minLength(1)),
    src: Id,
    sku: z.optional(Id),
  });


  const SnapshotSchema = z
    .strictObject({
      $comment: z.optional(z.string()),
      format: z.literal(SNAPSHOT_FORMAT, { error: `must be "${SNAPSHOT_FORMAT}"` }),
      formatVersion: z.literal(2, { error: "must be 2" }),
      region: z.string().check(z.minLength(1)),
      asOf: IsoDate,
      sources: z.record(Id, SourceSchema),
      prices: z.record(z.string(), z.partialRecord(Term, z.union([FlatPrice, TieredPrice]))),
      gaps: z.optional(z.record(z.string(), z.partialRecord(Term, z.enum(GAP_WHY)))),
    })
    .check(z.superRefine((snap, ctx) => {
      for (const [key, terms] of Object.entries(snap.prices)) {
        if (!parseItemKey(key)) ctx.addIssue({ code: "custom", path: ["prices", key], message: "is not an item heirloom-plan prices" });
        for (const [term, entry] of Object.entries(terms ?? {})) {
          if (entry && !Object.hasOwn(snap.sources, entry.src)) ctx.addIssue({ code: "custom", path: ["prices", key, term, "src"], message: `names no entry of sources (got ${JSON.stringify(entry.src)})` });
        }
      }
    }));

  const Filter = z.strictObject({ Type: z.literal("TERM_MATCH"), Field: z.string(), Value: z.string() });
  const RequestSchema = z.strictObject({ ServiceCode: z.string(), Filters: z.array(Filter), FormatVersion: z.literal("aws_v1") });

  const CacheEntrySchema = z.strictObject({
    format: z.literal(CACHE_FORMAT, { error: `must be "${CACHE_FORMAT}"` }),
    formatVersion: z.literal(2, { error: "must be 2" }),
    region: z.string().check(z.minLength(1)),
    key: z.string().check(z.minLength(1)),
    fetchedAt: z.iso.datetime(),
    request: RequestSchema,
    response: z.strictObject({ FormatVersion: z.string(), PriceList: z.array(z.string()) }),
  });

  const Dimension = z.object({
    unit: z.optional(z.string()),
    beginRange: z.optional(z.string()),
    endRange: z.optional(z.string()),
    description: z.optional(z.string()),
    pricePerUnit: z.object({ USD: DecimalString }),
  });
  const OfferTerm = z.object({
    priceDimensions: z.record(z.string(), Dimension),
    termAttributes: z.optional(z.record(z.string(), z.string())),
    effectiveDate: z.optional(z.string()),
  });
  const PriceListEntrySchema = z.object({
    product: z.object({ sku: z.string().check(z.minLength(1)), productFamily: z.optional(z.string()), attributes: z.record(z.string(), z.string()) }),
    serviceCode: z.optional(z.string()),
    terms: z.object({ OnDemand: z.optional(z.record(z.string(), OfferTerm)), Reserved: z.optional(z.record(z.string(), OfferTerm)) }),
    version: z.optional(z.string()),
    publicationDate: z.optional(z.string()),
  });
  return { DecimalString, SnapshotSchema, CacheEntrySchema, PriceListEntrySchema, FlatPrice, TieredPrice };
}
let built: ReturnType<typeof build> | undefined;
/** The price-file schemas (built once, on first use). */
export const schemas = () => (built ??= build());

export type SnapshotFile = z.infer<ReturnType<typeof schemas>["SnapshotSchema"]>;
export type SnapshotPrice = z.infer<ReturnType<typeof schemas>["FlatPrice"]> | z.infer<ReturnType<typeof schemas>["TieredPrice"]>;
export type CacheEntry = z.infer<ReturnType<typeof schemas>["CacheEntrySchema"]>;

/** One line for the first problem of a zod error: "prices.ec2:t3.medium.on-demand.usd: must be ... (got 16)". */
export function firstIssue(error: z.core.$ZodError, value: unknown): string {
  let issue = error.issues[0] as z.core.$ZodIssue;
  let path = issue.path.map(String);
  // In a union, the alternative that came closest says what is wrong (fewest problems, then the deepest).
  while (issue.code === "invalid_union" && issue.errors.length) {
    const best = [...issue.errors].sort((a, b) => a.length - b.length || (b[0]?.path.length ?? 0) - (a[0]?.path.length ?? 0))[0];
    if (!best?.length) break;
    path = [...path, ...best[0].path.map(String)];
    issue = best[0];
  }
  let got: unknown = value;
  for (const p of path) got = got && typeof got === "object" ? (got as Record<string, unknown>)[p] : undefined;
  const json = got === undefined || (typeof got === "object" && got !== null) ? undefined : JSON.stringify(got);
  const shown = json === undefined ? "" : ` (got ${json.length > 40 ? `${json.slice(0, 39)}…` : json})`;
  const where = path.length ? path.join(".") : "the file";
  return `${where}: ${issue.message}${shown}`.replace(/[\u0000-\u001f\u007f]/g, " ");
}

/** Parse a GetProducts answer's PriceList strings; a problem names the entry. */
export function parsePriceList(priceList: readonly unknown[]): { entries: PriceListEntry[] } | { problem: string } {
  const entries: PriceListEntry[] = [];
  for (const [i, raw] of priceList.entries()) {
    let json: unknown;
    try {
      json = JSON.parse(typeof raw === "string" ? raw : String(raw));
    } catch {
      return { problem: `PriceList[${i}] is not JSON` };
    }
    const parsed = schemas().PriceListEntrySchema.safeParse(json);
    if (!parsed.success) return { problem: `PriceList[${i}] ${firstIssue(parsed.error, json)}` };
    entries.push(parsed.data as PriceListEntry);
  }
  return { entries };
}
