// planCapacity(profile): the capacity a user count needs, and the stack that carries it (pure).
// Formulas: docs/planning-model.md section 2; sizing: section 6.
import { lookup, type Catalogue, type InstanceSpec } from "./catalogue.js";
import type { CacheEngine, SizingChoice, StorageType, WayOut } from "./facts.js";
import type { Profile } from "./profile/settings.js";
import { BYTES_PER_GIB, HOURS_PER_MONTH } from "./units.js";

const SECONDS_PER_DAY = 86_400;
const HOURS_PER_DAY = 24;

/** RDS PostgreSQL's default max_connections: LEAST({DBInstanceClassMemory/9531392}, 5000). */
export const RDS_BYTES_PER_CONNECTION = 9_531_392;
export const RDS_MAX_CONNECTIONS_CAP = 5000;
/** Sizing leaves 20% of a class's connections free (docs/planning-model.md section 6). */
export const DB_CONNECTION_HEADROOM = 1.2;

/** AWS's LCU dimensions (Elastic Load Balancing pricing): per LCU, per hour. */
export const LCU = { newConnectionsPerSec: 25, activeConnections: 3000, processedGBPerHour: 1 } as const;

/** A ceiling that forgives the float noise of a division that should be whole (81.2 × 10 / 81.2). */
const ceil = (x: number) => Math.ceil(x - 1e-9 * Math.max(1, Math.abs(x)));

export interface CapacityPlan {
  users: number;
  dau: number;
  requestsPerDay: number;
  requestsPerMonth: number;
  avgRps: number;
  peakRps: number;
  instances: number;
  processes: number;
  dbConnections: number;
  redisMemoryGB: number;
  storageGB: number;
  cdnTransferGB: number;
  dbPeakQps: number;
  dbWorkingSetGB: number;
  egressGB: number;
  albLcu: number;
  /** Each LCU dimension in LCUs, at average load (albLcu is the largest where alb.lcu is auto). */
  albLcuDimensions: { newConnections: number; activeConnections: number; processedBytes: number };
  logsGB: number;
  backendCpuShare: number;
}

/** The concrete stack: what is run and priced. */
export interface Stack {
  instanceType: string;
  instances: number;
  processes: number;
  rootVolumeGB: number;
  database: { instanceClass: string; multiAz: boolean; storageGB: number; storageType: StorageType };
  cache: { nodeType: string; engine: CacheEngine };
  albLcu: number;
  sizing: SizingChoice[];
}

/** The default max_connections of an RDS PostgreSQL class with this much memory. */
export function maxConnections(spec: InstanceSpec): number {
  return Math.min(Math.floor((spec.memoryGiB * BYTES_PER_GIB) / RDS_BYTES_PER_CONNECTION), RDS_MAX_CONNECTIONS_CAP);
}

/** Memory of a catalogue entry in GB (decimal), to compare with demand in GB. */
export const memoryGB = (spec: InstanceSpec) => (spec.memoryGiB * BYTES_PER_GIB) / 1e9;

/** Usable cache memory of a node in GB (decimal, as redisMemoryGB is): memory less ElastiCache's reserve. */
export function usableCacheGB(spec: InstanceSpec, catalogue: Catalogue): number {
  return memoryGB(spec) * (1 - catalogue.elasticache.reservedMemoryFraction);
}

/** Queries per second a database class carries at a CPU share. */
export const dbQpsAt = (spec: InstanceSpec, qpsPerVcpu: number, share: number) => spec.vcpu * qpsPerVcpu * share;

const ladders = new WeakMap<Record<string, InstanceSpec>, [string, InstanceSpec][]>();

/** Catalogue entries smallest first: fewest vCPU, then least memory, then the catalogue's order. */
export function smallestFirst(types: Record<string, InstanceSpec>): [string, InstanceSpec][] {
  // A sweep sizes thousands of points on one catalogue: sort each family once.
  let ladder = ladders.get(types);
  if (!ladder) {
    ladder = Object.entries(types)
      .map((entry, order) => ({ entry, order }))
      .sort((a, b) => a.entry[1].vcpu - b.entry[1].vcpu || a.entry[1].memoryGiB - b.entry[1].memoryGiB || a.order - b.order)
      .map(({ entry }) => entry);
    ladders.set(types, ladder);
  }
  return ladder;
}

/** Look up a type the profile names; the CLI has checked the names, so a miss is a bug. */
function spec(types: Record<string, InstanceSpec>, name: string): InstanceSpec {
  const s = lookup(types, name);
  if (!s) throw new Error(`bug: ${name} is not in the catalogue`);
  return s;
}

/** Capacity from the profile's formulas, and the stack with any `auto` component sized. */
export function planCapacity(profile: Profile, catalogue: Catalogue): { capacity: CapacityPlan; stack: Stack } {
  const { users, traffic, backend, database, cache } = profile;
  const dau = users * traffic.dauRatio;
  const requestsPerDay = dau * traffic.requestsPerUserPerDay;
  // A month is 730 hours (AWS's calculator): requests per month = requests per day × 730 / 24.
  const requestsPerMonth = (requestsPerDay * HOURS_PER_MONTH) / HOURS_PER_DAY;
  const avgRps = requestsPerDay / SECONDS_PER_DAY;
  const peakRps = avgRps * traffic.peakFactor;
  const sizing: SizingChoice[] = [];

  const instanceSpec = spec(catalogue.ec2.types, backend.instanceType);
  const processes = backend.processesPerInstance === "auto" ? instanceSpec.vcpu : backend.processesPerInstance;

  let instances: number;
  if (backend.instances === "auto") {
    const perInstance = backend.rpsPerInstance * backend.targetUtilization;
    const needed = ceil(peakRps / perInstance);
    instances = Math.max(backend.minInstances, needed);
    sizing.push({
      component: "instances",
      chosen: `${instances} × ${backend.instanceType}`,
      rule: needed >= backend.minInstances ? "peak-rps" : "min-instances",
      needed: { peakRps, instances: needed, minInstances: backend.minInstances },
      offered: { instances, rpsPerInstance: backend.rpsPerInstance, targetUtilization: backend.targetUtilization, capacityRps: instances * perInstance },
    });
  } else {
    instances = backend.instances;
  }

  const dbConnections = instances * processes * backend.poolSize;
  const redisMemoryGB = (dau * cache.bytesPerActiveUser) / 1e9;
  // Reads the cache misses and every write reach the database.
  const dbPeakQps = peakRps * database.queriesPerRequest * (traffic.readShare * (1 - cache.hitRate) + (1 - traffic.readShare));
  const dbWorkingSetGB = (dau * database.hotBytesPerActiveUser) / 1e9;
  const egressGB = (requestsPerMonth * traffic.responseBytes) / 1e9;
  const newConnectionsPerSec = avgRps / profile.alb.requestsPerConnection;
  const albLcuDimensions = {
    newConnections: newConnectionsPerSec / LCU.newConnectionsPerSec,
    activeConnections: (newConnectionsPerSec * profile.alb.connectionSeconds) / LCU.activeConnections,
    processedBytes: (avgRps * 3600 * (traffic.requestBytes + traffic.responseBytes)) / 1e9 / LCU.processedGBPerHour,
  };
  const albLcu = profile.alb.lcu === "auto" ? Math.max(albLcuDimensions.newConnections, albLcuDimensions.activeConnections, albLcuDimensions.processedBytes) : profile.alb.lcu;

  const capacity: CapacityPlan = {
    users,
    dau,
    requestsPerDay,
    requestsPerMonth,
    avgRps,
    peakRps,
    instances,
    processes,
    dbConnections,
    redisMemoryGB,
    storageGB: users * profile.storage.perUserGB,
    cdnTransferGB: users * profile.cdn.transferPerUserGB,
    dbPeakQps,
    dbWorkingSetGB,
    egressGB,
    albLcu,
    albLcuDimensions,
    logsGB: (requestsPerMonth * profile.logging.bytesPerRequest) / 1e9,
    backendCpuShare: avgRps / (instances * backend.rpsPerInstance),
  };

  const instanceClass = database.instanceClass === "auto" ? sizeDatabase(capacity, profile, catalogue, sizing) : database.instanceClass;
  const nodeType = cache.nodeType === "auto" ? sizeCache(redisMemoryGB, catalogue, sizing) : cache.nodeType;

  return {
    capacity,
    stack: {
      instanceType: backend.instanceType,
      instances,
      processes,
      rootVolumeGB: backend.rootVolumeGB,
      database: { instanceClass, multiAz: database.multiAz, storageGB: database.storageGB, storageType: database.storageType },
      cache: { nodeType, engine: cache.engine },
      albLcu,
      sizing,
    },
  };
}

/** What a database class must offer for this plan (section 6). */
export function databaseNeeds(capacity: CapacityPlan, profile: Profile) {
  return {
    qps: capacity.dbPeakQps,
    workingSetGB: capacity.dbWorkingSetGB,
    minMemoryGiB: profile.database.minMemoryGB,
    connections: Math.ceil(capacity.dbConnections * DB_CONNECTION_HEADROOM),
  };
}

/** The constraints a class fails, by name: load, memory, minMemory, connections, burstable. */
export function databaseShortfalls(s: InstanceSpec, needs: ReturnType<typeof databaseNeeds>, profile: Profile): string[] {
  const failed: string[] = [];
  if (dbQpsAt(s, profile.database.qpsPerVcpu, profile.database.targetUtilization) < needs.qps) failed.push("load");
  if (memoryGB(s) < needs.workingSetGB) failed.push("memory");
  if (s.memoryGiB < needs.minMemoryGiB) failed.push("minMemory");
  if (maxConnections(s) < needs.connections) failed.push("connections");
  if (s.baseline !== undefined && !profile.database.allowBurstable) failed.push("burstable");
  return failed;
}

/** The smallest class meeting every need, or null. */
export function smallestDatabase(needs: ReturnType<typeof databaseNeeds>, profile: Profile, catalogue: Catalogue): [string, InstanceSpec] | null {
  return smallestFirst(catalogue.rds.types).find(([, s]) => databaseShortfalls(s, needs, profile).length === 0) ?? null;
}

const DB_WAYS_OUT: Record<string, WayOut[]> = {
  connections: ["pgbouncer-or-rds-proxy", "fewer-connections"],
  load: ["read-replicas"],
  memory: ["read-replicas"],
  minMemory: [],
  burstable: [],
};

function sizeDatabase(capacity: CapacityPlan, profile: Profile, catalogue: Catalogue, sizing: SizingChoice[]): string {
  const needs = databaseNeeds(capacity, profile);
  const needed = { qps: needs.qps, workingSetGB: needs.workingSetGB, minMemoryGiB: needs.minMemoryGiB, connections: needs.connections, dbConnections: capacity.dbConnections };
  const offer = (s: InstanceSpec) => ({
    vcpu: s.vcpu,
    memoryGiB: s.memoryGiB,
    qpsAtTarget: dbQpsAt(s, profile.database.qpsPerVcpu, profile.database.targetUtilization),
    maxConnections: maxConnections(s),
  });
  const fit = smallestDatabase(needs, profile, catalogue);
  if (fit) {
    const [name, s] = fit;
    // What bound the choice: the needs the next smaller class would not meet.
    const ladder = smallestFirst(catalogue.rds.types).filter(([, c]) => c.baseline === undefined || profile.database.allowBurstable);
    const index = ladder.findIndex(([n]) => n === name);
    const binding = index > 0 ? databaseShortfalls(ladder[index - 1][1], needs, profile).filter((b) => b !== "burstable") : [];
    sizing.push({ component: "database", chosen: name, rule: "smallest-fit", binding, needed, offered: offer(s) });
    return name;
  }
  // Nothing holds it: take the largest allowed so the plan is still priced; the checks fail and name the way out.
  const allowed = smallestFirst(catalogue.rds.types).filter(([, c]) => c.baseline === undefined || profile.database.allowBurstable);
  const [name, s] = allowed[allowed.length - 1];
  const binding = databaseShortfalls(s, needs, profile);
  sizing.push({
    component: "database",
    chosen: name,
    rule: "nothing-fits",
    binding,
    needed,
    offered: offer(s),
    waysOut: [...new Set(binding.flatMap((b) => DB_WAYS_OUT[b] ?? []))],
  });
  return name;
}

function sizeCache(redisMemoryGB: number, catalogue: Catalogue, sizing: SizingChoice[]): string {
  const ladder = smallestFirst(catalogue.elasticache.types);
  const reservedShare = catalogue.elasticache.reservedMemoryFraction;
  const fit = ladder.find(([, s]) => usableCacheGB(s, catalogue) >= redisMemoryGB);
  if (fit) {
    const [name, s] = fit;
    sizing.push({ component: "cache", chosen: name, rule: "smallest-fit", binding: ["cacheMemory"], needed: { redisMemoryGB }, offered: { memoryGiB: s.memoryGiB, usableGB: usableCacheGB(s, catalogue), reservedShare } });
    return name;
  }
  const [name, s] = ladder.reduce((a, b) => (b[1].memoryGiB > a[1].memoryGiB ? b : a));
  sizing.push({
    component: "cache",
    chosen: name,
    rule: "nothing-fits",
    binding: ["cacheMemory"],
    needed: { redisMemoryGB },
    offered: { memoryGiB: s.memoryGiB, usableGB: usableCacheGB(s, catalogue), reservedShare },
    waysOut: ["shard-cache", "cache-less"],
  });
  return name;
}
