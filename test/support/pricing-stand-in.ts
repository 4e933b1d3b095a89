// A stand-in for the AWS Price List Query API on 127.0.0.1: the real SDK is pointed at it with
// AWS_ENDPOINT_URL_PRICING and dummy credentials, so requests go over HTTP as they would to AWS.
// It answers GetProducts (awsJson1_1) from the bundled snapshot, shaped by a scenario.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Scenario =
  | "ok"
  | "pages"
  | "throttle-then-ok"
  | "error-500"
  | "access-denied"
  | "empty"
  | "two-skus"
  | "zero-duplicate"
  | "malformed"
  | "slow";

interface Request {
  ServiceCode: string;
  Filters: { Field: string; Value: string }[];
  NextToken?: string;
}

export interface StandIn {
  url: string;
  /** Requests received, in order. */
  requests: Request[];
  close(): Promise<void>;
}

const snapshot = JSON.parse(readFileSync(new URL("../../models/prices/us-east-1.json", import.meta.url), "utf8")) as {
  items: Record<string, { request: Request; response: { PriceList: string[] } }>;
};

/** A node the snapshot lacks, as the live API would answer for it: cache.r6g.large at $0.206/h. */
function otherNode(req: Request): string[] | undefined {
  const type = req.Filters.find((f) => f.Field === "instanceType")?.Value;
  if (req.ServiceCode !== "AmazonElastiCache" || type !== "cache.r6g.large") return undefined;
  const base = snapshot.items["elasticache:cache.t3.medium"].response.PriceList[0];
  return [base.replaceAll("cache.t3.medium", "cache.r6g.large").replaceAll("UNRECORDED-EC-T3MED-REDIS", "STANDINR6GLARGE1").replace('"0.0680000000"', '"0.2060000000"')];
}

/** The snapshot's answer to a request with the same filters, with EC2 t3.medium repriced to tell live from snapshot. */
function answerFor(req: Request): string[] {
  const other = otherNode(req);
  if (other) return other;
  const same = (a: Request["Filters"], b: Request["Filters"]) => JSON.stringify(a.map((f) => [f.Field, f.Value])) === JSON.stringify(b.map((f) => [f.Field, f.Value]));
  const item = Object.values(snapshot.items).find((i) => i.request.ServiceCode === req.ServiceCode && same(i.request.Filters, req.Filters));
  if (!item) return [];
  return item.response.PriceList.map((s) => s.replace('"0.0416000000"', '"0.0420000000"'));
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

/** Start the stand-in with a scenario that applies to EC2 requests (the rest answer normally). */
export async function startStandIn(scenario: Scenario): Promise<StandIn> {
  const requests: Request[] = [];
  let throttled = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const send = (status: number, payload: unknown, type?: string) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1", ...(type ? { "x-amzn-errortype": type } : {}) });
        res.end(JSON.stringify(payload));
      };
      if (req.headers["x-amz-target"] !== "AWSPriceListService.GetProducts") return send(400, { __type: "UnknownOperationException" }, "UnknownOperationException");
      const r = JSON.parse(body) as Request;
      requests.push(r);
      const priceList = answerFor(r);
      const ok = (list: string[], NextToken?: string) => send(200, { FormatVersion: "aws_v1", PriceList: list, ...(NextToken ? { NextToken } : {}) });
      if (r.ServiceCode !== "AmazonEC2" || scenario === "ok") return ok(priceList);
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
        case "malformed":
          return ok(["{not json"]);
        case "slow":
          setTimeout(() => ok(priceList), 5000);
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
