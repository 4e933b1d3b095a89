// A stand-in for the AWS Price List Query API on 127.0.0.1: the real SDK is pointed at it with
// AWS_ENDPOINT_URL_PRICING and dummy credentials, so requests go over HTTP as they would to AWS.
// It answers GetProducts (awsJson1_1) with entries in the API's own shape, built from the bundled snapshots
// (models/prices/REGION.json), shaped by a scenario. Answers for EC2 t3.medium are repriced to $0.0420/h so
// that a test tells live from snapshot.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { itemKeysForCatalogue, itemOfKey, type PriceFilterModel, type RegionInfo } from "../../src/core/pricing/aws-items.js";

export type Scenario =
  | "ok"
  | "pages"
  | "throttle-then-ok"
  | "error-500"
  | "access-denied"
  | "empty"
  | "two-skus"
  | "zero-duplicate"
  | "zero-reserved"
  | "malformed"
  | "number-price"
  | "drop-connection"
  | "slow";

interface Request {
  ServiceCode: string;
  Filters: { Type?: string; Field: string; Value: string }[];
  NextToken?: string;
  MaxResults?: number;
}

export interface StandIn {
  url: string;
  /** Requests received, in order. */
  requests: Request[];
  /** The most requests that were in flight at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

const root = new URL("../../models/", import.meta.url);
const QUIET_MS = 250;
const model = JSON.parse(readFileSync(new URL("aws-price-filters.json", root), "utf8")) as PriceFilterModel;
const regions = (JSON.parse(readFileSync(new URL("regions.json", root), "utf8")) as { regions: Record<string, RegionInfo> }).regions;
const catalogue = JSON.parse(readFileSync(new URL("catalogue.json", root), "utf8"));

type SnapPrice = { usd?: string; tiers?: { from: number; usd: string }[]; sku?: string; spread?: { hours: number } };
const snapshots = new Map<string, { prices: Record<string, Record<string, SnapPrice>> }>();
function snapshotOf(region: string) {
  if (!snapshots.has(region)) snapshots.set(region, JSON.parse(readFileSync(new URL(`prices/${region}.json`, root), "utf8")));
  return snapshots.get(region)!;
}

const sameFilters = (a: Request["Filters"], b: Request["Filters"]) => JSON.stringify(a.map((f) => [f.Field, f.Value])) === JSON.stringify(b.map((f) => [f.Field, f.Value]));

/** The item a request asks for, in the region it names (CloudFront: any region's, it is global). */
function itemFor(req: Request): { key: string; region: string; unit: string } | undefined {
  for (const [code, info] of Object.entries(regions)) {
    for (const key of itemKeysForCatalogue(catalogue)) {
      const item = itemOfKey(model, { code, ...info }, key)!;
      if (item.request.ServiceCode === req.ServiceCode && sameFilters(item.request.Filters, req.Filters)) return { key, region: code, unit: item.unit };
    }
  }
  return undefined;
}

const dim = (sku: string, term: string, code: string, unit: string, usd: string, from = "0", to = "Inf") => ({
  [`${sku}.${term}.${code}`]: { unit, beginRange: from, endRange: to, description: "stand-in", appliesTo: [], rateCode: `${sku}.${term}.${code}`, pricePerUnit: { USD: usd } },
});

/** A GetProducts entry for a request, as the API would give it, or none. */
function entryFor(req: Request): string[] {
  const found = itemFor(req);
  if (!found) return [];
  const prices = snapshotOf(found.region).prices[found.key];
  if (!prices) return [];
  const od = prices["on-demand"];
  if (!od) return [];
  const sku = od.sku ?? `STANDIN${Math.abs(hash(found.region + found.key)).toString(36).toUpperCase().padStart(9, "0")}`;
  const attributes: Record<string, string> = Object.fromEntries(req.Filters.map((f) => [f.Field, f.Value]));
  const fix = (usd: string) => (found.key === "ec2:t3.medium" && usd === "0.0416" ? "0.0420000000" : usd);
  const onDemandDims = od.tiers
    ? Object.assign({}, ...od.tiers.map((t, i, all) => dim(sku, "JRTCKXETXF", `T${i}`, found.unit, t.usd, String(t.from), all[i + 1] ? String(all[i + 1].from) : "Inf")))
    : dim(sku, "JRTCKXETXF", "6YS6EN2CT7", found.unit, fix(od.usd!));
  const reserved: Record<string, unknown> = {};
  for (const [term, lease, code] of [["reserved-1yr", "1yr", "4NA7Y494T4"], ["reserved-3yr", "3yr", "BPH4J8HBKS"]] as const) {
    const p = prices[term];
    if (!p?.usd) continue;
    const spread = p.spread;
    reserved[`${sku}.${code}`] = {
      priceDimensions: spread
        ? { ...dim(sku, code, "2TG2D8R56U", "Quantity", (Number(p.usd) * spread.hours).toFixed(2)), ...dim(sku, code, "6YS6EN2CT7", found.unit, "0.0000000000") }
        : dim(sku, code, "6YS6EN2CT7", found.unit, p.usd),
      sku,
      effectiveDate: "2026-01-01T00:00:00Z",
      offerTermCode: code,
      termAttributes: { LeaseContractLength: lease, OfferingClass: "standard", PurchaseOption: spread ? "Partial Upfront" : "No Upfront" },
    };
  }
  const entry = {
    product: { productFamily: attributes.productFamily, attributes: { ...attributes, servicecode: req.ServiceCode }, sku },
    serviceCode: req.ServiceCode,
    terms: { OnDemand: { [`${sku}.JRTCKXETXF`]: { priceDimensions: onDemandDims, sku, effectiveDate: "2026-01-01T00:00:00Z", offerTermCode: "JRTCKXETXF", termAttributes: {} } }, Reserved: reserved },
    version: "20261101000000",
    publicationDate: "2026-11-01T00:00:00Z",
  };
  return [JSON.stringify(entry)];
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

function withAttribute(entry: string, sku: string, attrs: Record<string, string>, usd?: string): string {
  const e = JSON.parse(entry);
  const old = e.product.sku;
  e.product.sku = sku;
  Object.assign(e.product.attributes, attrs);
  let text = JSON.stringify(e).replaceAll(old, sku);
  if (usd) text = text.replace(/"USD":"[0-9.]+"/g, `"USD":"${usd}"`);
  return text;
}

/** Start the stand-in with a scenario that applies to EC2 instance requests (the rest answer normally). */
export async function startStandIn(scenario: Scenario): Promise<StandIn> {
  const requests: Request[] = [];
  let throttled = 0;
  let inFlight = 0;
  const held: (() => void)[] = [];
  let quiet: NodeJS.Timeout | undefined;
  const standIn: StandIn = { url: "", requests, maxInFlight: 0, close: async () => {} };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    inFlight++;
    standIn.maxInFlight = Math.max(standIn.maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const send = (status: number, payload: unknown, type?: string) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1", ...(type ? { "x-amzn-errortype": type } : {}) });
        res.end(typeof payload === "string" ? payload : JSON.stringify(payload));
      };
      if (req.headers["x-amz-target"] !== "AWSPriceListService.GetProducts") return send(400, { __type: "UnknownOperationException" }, "UnknownOperationException");
      const r = JSON.parse(body) as Request;
      requests.push(r);
      // Answers are held until no request has come for a quiet moment, then all sent: requests sent in one wave
      // are all in flight together, and a client that waits for answers before asking more shows fewer.
      held.push(() => answer(r));
      clearTimeout(quiet);
      quiet = setTimeout(() => held.splice(0).forEach((send) => send()), QUIET_MS);
    });
    const answer = (r: Request) => {
      const send = (status: number, payload: unknown, type?: string) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1", ...(type ? { "x-amzn-errortype": type } : {}) });
        res.end(typeof payload === "string" ? payload : JSON.stringify(payload));
      };
      const priceList = entryFor(r);
      const ok = (list: string[], NextToken?: string) => send(200, { FormatVersion: "aws_v1", PriceList: list, ...(NextToken ? { NextToken } : {}) });
      const isInstance = r.ServiceCode === "AmazonEC2" && r.Filters.some((f) => f.Field === "productFamily" && f.Value === "Compute Instance");
      if (!isInstance || scenario === "ok") return ok(priceList);
      switch (scenario) {
        case "pages":
          if (!r.NextToken) return ok([], "page-2");
          if (r.NextToken === "page-2") return ok(priceList, "page-3");
          return ok([]);
        case "throttle-then-ok":
          if (throttled++ < 2) return send(400, { __type: "ThrottlingException", Message: "Rate exceeded" }, "ThrottlingException");
          return ok(priceList);
        case "error-500":
          return send(500, { __type: "InternalErrorException", Message: "internal" }, "InternalErrorException");
        case "access-denied":
          return send(400, { __type: "AccessDeniedException", Message: "User is not authorized to perform: pricing:GetProducts" }, "AccessDeniedException");
        case "empty":
          return ok([]);
        case "two-skus":
          return ok([priceList[0], withAttribute(priceList[0], "RESERVEDSKU00001", { capacitystatus: "AllocatedCapacityReservation" })]);
        case "zero-duplicate":
          return ok([withAttribute(priceList[0], "ZEROSKU000000001", { capacitystatus: "UnusedCapacityReservation" }, "0.0000000000"), priceList[0]]);
        case "zero-reserved": {
          // Every reserved offer priced $0 (an All Upfront offer with no fee among them): never a price.
          const e = JSON.parse(priceList[0]);
          for (const offer of Object.values(e.terms.Reserved) as { priceDimensions: Record<string, { pricePerUnit: { USD: string } }> }[]) {
            for (const d of Object.values(offer.priceDimensions)) d.pricePerUnit.USD = "0.0000000000";
          }
          const sku = e.product.sku;
          e.terms.Reserved[`${sku}.6QCMYABX3D`] = {
            priceDimensions: { ...dim(sku, "6QCMYABX3D", "2TG2D8R56U", "Quantity", "0"), ...dim(sku, "6QCMYABX3D", "6YS6EN2CT7", "Hrs", "0.0000000000") },
            sku,
            offerTermCode: "6QCMYABX3D",
            termAttributes: { LeaseContractLength: "1yr", OfferingClass: "standard", PurchaseOption: "All Upfront" },
          };
          return ok([JSON.stringify(e)]);
        }
        case "malformed":
          return ok(["{not json"]);
        case "number-price":
          return ok([priceList[0].replace(/"USD":"([0-9.]+)"/, '"USD":$1')]);
        case "drop-connection":
          res.socket?.destroy();
          return;
        case "slow":
          setTimeout(() => ok(priceList), 5000);
          return;
      }
    };
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  standIn.url = `http://127.0.0.1:${port}`;
  standIn.close = () =>
    new Promise<void>((resolve) => {
      clearTimeout(quiet);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return standIn;
}
