// Every sentence about the core's facts: checks, gaps, sizing choices, cost descriptions, price sources,
// what the total leaves out. The core returns values (src/core/facts.ts); the words are made here only.
import type {
  BookSource,
  Check,
  CheckFactsById,
  CostEstimate,
  CostLine,
  CostNote,
  GapReason,
  NotIncludedId,
  NotInPricesWhy,
  Provenance,
  ReconciliationRow,
  RuleId,
  ServiceCost,
  ServiceId,
  SizingChoice,
  TieredPrice,
  UnitPrice,
  WayOut,
} from "../core/facts.js";
import { parseItemKey } from "../core/pricing/aws-items.js";
import { gb, num, unitUSD, usd } from "./format.js";

export const SERVICE_NAMES: Record<ServiceId, string> = {
  ec2: "EC2 (backend)",
  rds: "RDS PostgreSQL",
  elasticache: "ElastiCache",
  s3: "S3 storage",
  cloudfront: "CloudFront",
  alb: "Load balancer (ALB)",
  dataTransfer: "Data transfer out",
  cloudwatch: "CloudWatch Logs",
};

export const NOT_INCLUDED_NAMES: Record<NotIncludedId, string> = {
  "nat-gateways": "NAT gateways",
  "public-ipv4": "public IPv4 addresses",
  "s3-requests": "S3 requests",
  "cloudfront-requests": "CloudFront requests",
  "cross-az-traffic": "cross-AZ traffic",
  "backups-beyond-free": "backups beyond the free allowance",
  route53: "Route 53",
  waf: "WAF",
  "support-plan": "support plans",
};

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

const WAYS_OUT: Record<WayOut, string> = {
  "pgbouncer-or-rds-proxy": "put RDS Proxy or PgBouncer in front",
  "fewer-connections": "use fewer connections per instance (fewer processes or a smaller pool)",
  "larger-class": "use a larger class",
  "read-replicas": "add read replicas for the read load",
  "shard-cache": "shard the cache (cluster mode)",
  "cache-less": "cache less per user",
  "larger-instance": "choose a larger --instance-type",
  "more-instances": "add instances",
};

/** One sentence a check, from its facts. */
export function checkMessage(check: Check): string {
  switch (check.id) {
    case "throughput":
      return throughputMessage(check.facts, check.level);
    case "db-connections": {
      const f = check.facts;
      const head = `${num(f.connections)} connections (${num(f.instances)} instances × ${num(f.processes)} processes × pool ${num(f.poolSize)}) of ${f.instanceClass}'s max_connections ${num(f.maxConnections)} (${percent(f.share)})`;
      if (check.level === "ok") return head;
      const ways = [WAYS_OUT["pgbouncer-or-rds-proxy"], ...(f.largerClass ? [`use ${f.largerClass}`] : []), WAYS_OUT["fewer-connections"]].join(", or ");
      return check.level === "warn" ? `${head}, over ${percent(f.warnShare)}: ${ways}` : `${head}: ${ways}`;
    }
    case "db-load": {
      const f = check.facts;
      const head = `${num(f.dbPeakQps)} queries/s at peak on ${f.instanceClass} (${num(f.vcpu)} vCPU × ${num(f.qpsPerVcpu)} queries/s): ${percent(f.utilization)} of its CPU, target ${percent(f.targetUtilization)}`;
      if (check.level === "ok") return head;
      return `${head}: ${f.largerClass ? `use ${f.largerClass}, or ` : ""}${WAYS_OUT["read-replicas"]}`;
    }
    case "db-memory": {
      const f = check.facts;
      const head = `working set ${num(f.workingSetGB)} GB in ${f.instanceClass}'s ${num(f.memoryGB)} GB (${percent(f.share)})`;
      if (check.level === "ok") return head;
      return `${head}: the working set does not fit in memory: reads go to disk${f.largerClass ? `; ${f.largerClass} holds it` : ""}`;
    }
    case "cache-memory": {
      const f = check.facts;
      const head = `${num(f.redisMemoryGB)} GB of cache on ${f.nodeType}: ${num(f.usableGB)} GB usable (${num(f.memoryGiB)} GiB less ${percent(f.reservedShare)} reserved)`;
      if (check.level === "ok") return head;
      const way = f.fitsIn ? `the smallest node that holds it is ${f.fitsIn}` : `no single node holds it: ${WAYS_OUT["shard-cache"]}`;
      return `${head}: does not fit; ${way}`;
    }
    case "instance-memory": {
      const f = check.facts;
      const head = `${num(f.processes)} processes × ${num(f.memoryMB)} MB = ${num(f.neededMB)} MB on ${f.instanceType} with ${num(f.availableMB)} MB`;
      return check.level === "ok" ? head : `${head}: does not fit; ${WAYS_OUT["larger-instance"]} or fewer processes`;
    }
    case "burstable-credits": {
      const f = check.facts;
      if (!f.burstable) return `${f.instanceType} is not burstable: no CPU credits`;
      const head = `average CPU ${percent(f.backendCpuShare)} against ${f.instanceType}'s baseline ${percent(f.baseline)}`;
      if (check.level === "ok") return `${head}: within the baseline, no surplus credits`;
      const cost = f.monthlyUSD === null ? "no price for them" : `${usd(f.monthlyUSD)} a month`;
      return `${head}: ${num(f.surplusVcpuHours)} surplus vCPU-hours a month in unlimited mode (${cost}); a non-burstable type may cost less`;
    }
    case "budget":
      return budgetMessage(check.facts);
    case "guide": {
      const f = check.facts;
      if (!f.applies) return `the guide states figures for ${num(f.statedUsers)} users only; this plan is for ${num(f.users)}`;
      if (f.differing.length === 0) return `every figure the guide states follows from this plan (${f.compared} compared)`;
      const list = f.differing.map((d) => `${FIGURE_LABEL[d.id]} ${figureText(d.id, d.stated)} vs ${figureText(d.id, d.derived)}`).join("; ");
      return `${f.differing.length} of the guide's ${f.compared} stated figures ${f.differing.length === 1 ? "differs" : "differ"} from this plan by more than 5%: ${list}`;
    }
  }
}

function throughputMessage(f: CheckFactsById["throughput"], level: Check["level"]): string {
  const head = `peak ${num(f.peakRps)} RPS on ${num(f.instances)} instances × ${num(f.rpsPerInstance)} RPS = ${num(f.capacityRps)} RPS (${percent(f.utilization)}, target ${percent(f.targetUtilization)})`;
  if (level === "ok") return head;
  return `${head}: needs ${num(f.neededInstances)} instances (--instances ${f.neededInstances} or --instances auto)`;
}

/** Where a book's prices came from: "AWS prices (snapshot)" or "the guide's prices". */
export function bookName(book: "guide" | "aws", origin: string): string {
  return book === "aws" ? `AWS prices (${origin})` : "the guide's prices";
}

export function budgetMessage(f: CheckFactsById["budget"]): string {
  const on = bookName(f.book, f.origin);
  if (f.state === "cannot-check") {
    return `cannot check the ${usd(f.budgetUSD)} budget: no price on ${on} for ${f.gaps.join(", ")}; the priced services alone come to ${usd(f.totalUSD)}`;
  }
  const head = `${f.complete ? "" : "at least "}${usd(f.totalUSD)} a month on ${on} against a budget of ${usd(f.budgetUSD)}`;
  if (f.state === "over") return `${head}: over by ${f.complete ? "" : "at least "}${usd(f.totalUSD - f.budgetUSD)}`;
  return `${head} (${percent(f.totalUSD / f.budgetUSD)})`;
}

/** Why a snapshot lists a price as missing. */
const NOT_IN_PRICES_WHY: Record<NotInPricesWhy, string> = {
  "no-public-source": "no public source we could cite states it; `prices pull` with AWS credentials adds it",
  "not-sold": "AWS does not sell it there",
};

/** Why a price is missing, in one clause. */
export function gapMessage(gap: GapReason): string {
  switch (gap.kind) {
    case "not-in-prices":
      return `no AWS price for ${gap.item} in ${gap.region} (${gap.term})${gap.why ? `: ${NOT_IN_PRICES_WHY[gap.why]}` : ""}`;
    case "no-term":
      return `${gap.item} has no ${gap.term} term`;
    case "zero-price":
      return `the only price found for ${gap.item} was $0, which is not a price`;
    case "unknown-type":
      return `${gap.item} is not in the catalogue`;
    case "ambiguous":
      return `${gap.candidates} products match ${gap.item} (they differ in ${gap.differIn.join(", ")})`;
    case "unreadable":
      return `the answer for ${gap.item} could not be read: ${gap.problem}`;
    case "unavailable":
      return `no price for ${gap.item}: ${gap.cause}`;
    case "needs-aws-price":
      return `the guide prices only ${gap.fromType}; ${gap.item} is derived from AWS's list prices, and there are none here`;
    case "region-not-priced":
      return `${gap.region} is not a priced region`;
  }
}

/** A short gap reason for a table cell (the JSON keeps it whole). */
export function shortGapMessage(gap: GapReason): string {
  switch (gap.kind) {
    case "not-in-prices":
      return `no price in ${gap.region} (${gap.term})`;
    case "needs-aws-price":
      return `only ${gap.fromType}; no AWS list price to derive ${gap.item} from`;
    default:
      return gapMessage(gap);
  }
}

export const FIGURE_LABEL: Record<ReconciliationRow["id"], string> = {
  dau: "daily active users",
  avgRps: "requests per second",
  dbConnections: "database connections",
  redisMemoryGB: "Redis memory",
  storageGB: "storage",
  dbMemoryGiB: "database server memory",
  totalMonthlyUSD: "total cost per month",
};

export function figureText(id: ReconciliationRow["id"], n: number): string {
  switch (id) {
    case "avgRps":
      return `${num(n)} RPS`;
    case "redisMemoryGB":
      return `${num(n)} GB`;
    case "storageGB":
      return gb(n);
    case "dbMemoryGiB":
      return `${num(n)} GiB`;
    case "totalMonthlyUSD":
      return usd(n);
    default:
      return num(n);
  }
}

/** Why a figure of the guide does not follow from its assumptions. */
export function reconciliationNote(r: ReconciliationRow): string {
  if (r.follows) return "";
  const w = r.why;
  switch (r.id) {
    case "avgRps":
      return `${num(Number(w.dau))} × ${num(Number(w.requestsPerDau))} / 86,400 = ${num(r.derived)}; ~1,157 needs 1,000 requests per DAU per day`;
    case "dbConnections":
      return `pm2 -i max runs ${num(Number(w.processes))} processes on each instance, each with its own pool of ${num(Number(w.poolSize))} (${num(Number(w.instances))} × ${num(Number(w.processes))} × ${num(Number(w.poolSize))})`;
    case "storageGB":
      return `${num(Number(w.users))} users × ${num(Number(w.perUserGB))} GB; ~10 TB needs 10 MB per user`;
    case "dbMemoryGiB":
      return `${w.instanceClass} has ${num(r.derived)} GiB; 32 GiB is db.m5.2xlarge`;
    case "totalMonthlyUSD":
      return `$2,050 holds only with 10 TB of S3${w.guideS3USD !== undefined ? `; ${gb(Number(w.storageGB))} at the guide's own S3 price is ${usd(Number(w.guideS3USD))}` : ""}`;
    default:
      return "";
  }
}

/** Why a sized component was chosen, in one sentence. */
export function sizingMessage(s: SizingChoice): string {
  const n = s.needed;
  const o = s.offered;
  switch (s.component) {
    case "instances":
      return s.rule === "min-instances"
        ? `the minimum of ${num(n.minInstances)}; ${num(n.peakRps)} peak RPS needs ${num(n.instances)}`
        : `${num(n.peakRps)} peak RPS / (${num(o.rpsPerInstance)} RPS per instance × ${percent(o.targetUtilization)} target), rounded up`;
    case "database": {
      const needs = [
        `${num(n.qps)} queries/s at peak`,
        `${num(n.workingSetGB)} GB working set`,
        `${num(n.connections)} connections (${num(n.dbConnections)} + 20% headroom)`,
        ...(n.minMemoryGiB > 0 ? [`at least ${num(n.minMemoryGiB)} GiB`] : []),
      ].join(", ");
      const offer = `${num(o.vcpu)} vCPU, ${num(o.memoryGiB)} GiB, max_connections ${num(o.maxConnections)}`;
      if (s.rule === "nothing-fits") {
        const ways = (s.waysOut ?? []).map((w) => WAYS_OUT[w]).join("; ");
        return `no class meets ${needs} (short on ${(s.binding ?? []).join(", ")}; the largest is ${offer})${ways ? `: ${ways}` : ""}`;
      }
      const bound = s.binding?.length ? `; bound by ${s.binding.join(", ")}` : "";
      return `${offer}: the smallest with ${needs}${bound}`;
    }
    case "cache": {
      const usable = `${Math.round((1 - o.reservedShare) * 100)}%`;
      return s.rule === "nothing-fits"
        ? `no single node holds ${n.redisMemoryGB.toFixed(1)} GB at ${usable} (the largest, ${num(o.memoryGiB)} GiB, holds ${o.usableGB.toFixed(1)} GB): ${WAYS_OUT["shard-cache"]} or ${WAYS_OUT["cache-less"]}`
        : `${num(o.memoryGiB)} GiB, the smallest holding ${n.redisMemoryGB.toFixed(1)} GB at ${usable}`;
    }
  }
}

/** "$0.0416/h", "$0.08/GB-month", "$30.00/month". */
export function unitPriceText(p: UnitPrice): string {
  const per: Record<UnitPrice["per"], string> = { hour: "h", month: "month", "GB-month": "GB-month", GB: "GB", "LCU-hour": "LCU-hour", "vCPU-hour": "vCPU-hour" };
  return `${p.per === "month" ? usd(p.usd) : unitUSD(p.usd)}/${per[p.per]}`;
}

function tiersText(p: TieredPrice): string {
  if (p.tiers.length === 1) return `at ${unitUSD(p.tiers[0].usdPerGB)}/GB`;
  return `on ${p.tiers.length} tiers from ${unitUSD(p.tiers[0].usdPerGB)}/GB`;
}

/** One cost line in words. */
export function lineText(l: CostLine): string {
  const p = l.price;
  if ("tiers" in p) {
    const free = l.freeGB ? `, less ${num(l.freeGB)} GB free (-${usd(l.freeUSD ?? 0)})` : "";
    return `${l.what}: ${gb(l.quantity)} ${tiersText(p)}${free}`;
  }
  switch (l.part) {
    case "instance-hours":
      return `${num(l.quantity)} × ${l.what} at ${unitPriceText(p)}`;
    case "root-volumes":
      return `${num(l.quantity)} GB ${l.what} root volumes at ${unitPriceText(p)}`;
    case "cpu-credits":
      return `${num(l.quantity)} surplus vCPU-hours at ${unitPriceText(p)}`;
    case "db-instance-hours":
      return `${l.what} at ${unitPriceText(p)}`;
    case "db-storage":
      return `${num(l.quantity)} GB ${l.what} at ${unitPriceText(p)}`;
    case "node-hours":
      return `1 × ${l.what} at ${unitPriceText(p)}`;
    case "alb-hours":
      return `1 Application Load Balancer at ${unitPriceText(p)}`;
    case "lcu-hours":
      return `${num(l.quantity)} LCU at ${unitPriceText(p)}`;
    default:
      return `${l.what} at ${unitPriceText(p)}`;
  }
}

const NOTE_TEXT: Record<CostNote, string> = {
  "guide-leaves-out-storage": "the guide leaves RDS storage out of its price",
  "includes-storage": "includes storage, which the guide's RDS price leaves out",
  "unconfirmed-price": "unconfirmed price (not from a raw price-list answer)",
  "free-allowance-per-account": "the free allowance is one per account",
  "upfront-spread": "reserved: the upfront fee spread over the term",
  "guide-reserved-terms-alike": "the guide's 40% reserved saving, the same for 1 and 3 years (the guide does not tell them apart)",
  "derived-from-guide": "derived from the guide by AWS's list-price ratio",
  "not-in-guide": "not in the guide",
};

export const noteText = (n: CostNote) => NOTE_TEXT[n];

/** Notes said once under a cost table rather than on every service they touch. */
const BOOK_WIDE_NOTES: readonly CostNote[] = ["not-in-guide", "unconfirmed-price", "free-allowance-per-account"];

/** What a service's cost is made of, in one line. */
export function serviceDescription(s: ServiceCost): string {
  if (s.notInGuide) return "not in the guide (outside its total)";
  if (s.gap) return `no price: ${gapMessage(s.gap)}`;
  return s.lines.map(lineText).join(" + ");
}

/** The service's description with its notes, for a report's table or CSV. */
export function serviceDetail(s: ServiceCost): string {
  return [serviceDescription(s), ...s.notes.filter((n) => !BOOK_WIDE_NOTES.includes(n)).map(noteText)].join("; ");
}

/** Where one price came from. */
export function provenanceText(p: Provenance): string {
  if (p.origin === "guide") return p.derived ? `derived from the guide (${p.derived.fromType})` : `guide: ${p.source}`;
  return [`${p.origin} ${p.asOf}`, p.sku ? `SKU ${p.sku}` : "", p.source, p.confirmed ? "" : "unconfirmed"].filter(Boolean).join("; ");
}

/** "AWS snapshot 2026-11-25", "AWS cache 2026-11-25, 3.2 h old", "guide prices". */
export function sourceLabel(source: BookSource): string {
  if (source.origin === "guide") return "guide prices";
  if (source.origin === "cache") return `AWS cache ${source.asOf}, ${num(source.ageHours ?? 0, 1)} h old`;
  return `AWS ${source.origin} ${source.asOf}`;
}

/** A total in words: "$1,234.56" or "at least $1,234.56". */
export function totalText(cost: Pick<CostEstimate, "totalMonthlyUSD" | "complete">): string {
  return `${cost.complete ? "" : "at least "}${usd(cost.totalMonthlyUSD)}`;
}

/** The book-wide notes of an estimate (its region, the guide's being undated). */
export function bookNotes(cost: CostEstimate): string[] {
  const notes: string[] = [];
  if (cost.book === "guide" && cost.source.region !== "us-east-1") notes.push(`the guide's prices are not regional; ${cost.source.region} is priced as the guide states`);
  const services = Object.values(cost.services);
  const unconfirmed = services.filter((s) => s.notes.includes("unconfirmed-price")).map((s) => s.id);
  if (unconfirmed.length) {
    const which = unconfirmed.length === services.filter((s) => s.monthlyUSD !== null).length ? "every AWS price here" : unconfirmed.join(", ");
    notes.push(`unconfirmed prices (${which}): from published tables and data files, not a raw price-list answer; \`prices pull\` with AWS credentials confirms them`);
  }
  if (services.some((s) => s.notes.includes("free-allowance-per-account"))) notes.push("free allowances (CloudFront, data transfer out, logs) are one per account, not per stack");
  const derived = [...new Set(services.flatMap((s) => s.lines.flatMap((l) => derivedPriceText(l))))];
  if (derived.length) notes.push(`derived prices (no source states them): ${derived.join("; ")}`);
  return notes;
}

/** Why a rule may derive one AWS price from another: the AWS statement it rests on, in a few words. */
const RULE_BASIS: Partial<Record<RuleId, string>> = {
  "multi-az-double": "AWS bills a Multi-AZ deployment's standby too",
  "valkey-below-redis": "AWS prices Valkey nodes below Redis OSS",
  "gp3-same-as-gp2": "RDS charges gp3 storage per GB as gp2",
  "size-flexible": "an RDS reservation covers every size of its class type by normalized units",
};

/**
 * "db.r5.2xlarge Multi-AZ = 2 × Single-AZ (AWS bills ...)" for an AWS price reached by a rule, and the same for
 * the price it was reached from when that one was derived too; none otherwise.
 */
function derivedPriceText(line: CostLine): string[] {
  const rule = line.price.provenance.rule;
  if (!rule?.from) return [];
  const step = ruleText(rule.id, rule.factor, rule.from, line.what);
  const before = rule.fromRule ? ruleText(rule.fromRule.id, rule.fromRule.factor, rule.fromRule.from, rule.from) : undefined;
  return [step, before].filter((t): t is string => t !== undefined);
}

function ruleText(id: RuleId, factor: number, fromKey: string, what: string): string | undefined {
  const basis = RULE_BASIS[id];
  const from = parseItemKey(fromKey);
  if (!basis || !from) return undefined;
  const { kind, params } = from;
  if (id === "gp3-same-as-gp2") return `gp3 ${params.deployment} storage = gp2 ${params.deployment} storage (${basis})`;
  if (id === "size-flexible") {
    // `what` is the line's "db.m5.8xlarge Single-AZ", or the item key when this is the earlier of two steps.
    const to = parseItemKey(what);
    const subject = to ? `${to.params.type} ${to.params.deployment}` : what;
    return `${subject} = ${num(factor)} × ${params.type} ${params.deployment} (${basis})`;
  }
  const other = params.deployment === "Single-AZ" ? "Multi-AZ" : "Single-AZ";
  const subject =
    kind === "rds" ? `${params.type} ${other}` : kind === "rds-storage" ? `${params.storageType} ${other} storage` : kind === "elasticache" ? `${params.type} Valkey` : what;
  const base = kind === "elasticache" ? "Redis OSS" : (params.deployment ?? fromKey);
  return `${subject} = ${num(factor)} × ${base} (${basis})`;
}


/** Where one price came from, as a short label: "AWS snapshot 2026-11-25", "guide (undated)", "derived from the guide". */
export function provenanceLabel(p: Provenance): string {
  if (p.derived) return "derived from the guide";
  if (p.origin === "guide") return p.asOf && p.asOf !== "undated" ? `guide (${p.asOf})` : "guide (undated)";
  return `AWS ${p.origin} ${p.asOf}${p.confirmed ? "" : ", unconfirmed"}`;
}

/** The one line that says what the total leaves out. */
export function notIncludedLine(ids: readonly NotIncludedId[]): string {
  return ids.length ? `Not included: ${ids.map((id) => NOT_INCLUDED_NAMES[id]).join(", ")}.` : "";
}
