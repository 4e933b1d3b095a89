// planCapacity(profile): the capacity a user count needs, and the stack that carries it (pure).
// Formulas: shared/spec/planning-model.md section 2; sizing: section 6.
import type { Catalogue, InstanceSpec } from "../io/models.js";
import type { Profile } from "./profile/settings.js";
import { num } from "../present/format.js";
import { BYTES_PER_GIB } from "./units.js";

const SECONDS_PER_DAY = 86_400;

/** RDS PostgreSQL's default max_connections: LEAST({DBInstanceClassMemory/9531392}, 5000). */
export const RDS_BYTES_PER_CONNECTION = 9_531_392;
export const RDS_MAX_CONNECTIONS_CAP = 5000;
/** Sizing leaves 20% of a class's connections free (planning-model.md section 6, issue 4). */
export const DB_CONNECTION_HEADROOM = 1.2;

export interface CapacityPlan {
  users: number;
  dau: number;
  requestsPerDay: number;
  avgRps: number;
  peakRps: number;
  instances: number;
  dbConnections: number;
  redisMemoryGB: number;
  storageGB: number;
  cdnTransferGB: number;
}

/** Why a sized component was chosen. */
export interface SizingNote {
  component: "instances" | "database" | "cache";
  choice: string;
  reason: string;
}

/** The concrete stack: what is run and priced. */
export interface Stack {
  instanceType: string;
  instances: number;
  database: { instanceClass: string; multiAz: boolean; storageGB: number; storageType: "gp3" | "gp2" };
  cache: { nodeType: string };
  albLcu: number;
  sizing: SizingNote[];
}

/** Capacity from the profile's formulas, and the stack with any `auto` component sized. */
export function planCapacity(profile: Profile, catalogue: Catalogue): { capacity: CapacityPlan; stack: Stack } {
  const { users, traffic, backend } = profile;
  const dau = users * traffic.dauRatio;
  const requestsPerDay = dau * traffic.requestsPerUserPerDay;
  const avgRps = requestsPerDay / SECONDS_PER_DAY;
  const peakRps = avgRps * traffic.peakFactor;
  const sizing: SizingNote[] = [];

  let instances: number;
  if (backend.instances === "auto") {
    const needed = Math.ceil(peakRps / backend.rpsPerInstance);
    instances = Math.max(backend.minInstances, needed);
    sizing.push({
      component: "instances",
      choice: `${instances} × ${backend.instanceType}`,
      reason:
        needed >= backend.minInstances
          ? `${fmt(peakRps)} peak RPS / ${fmt(backend.rpsPerInstance)} RPS per instance, rounded up`
          : `the minimum of ${backend.minInstances}; ${fmt(peakRps)} peak RPS needs ${needed}`,
    });
  } else {
    instances = backend.instances;
  }

  const dbConnections = instances * backend.poolSize;
  const redisMemoryGB = (dau * profile.cache.bytesPerActiveUser) / 1e9;
  const capacity: CapacityPlan = {
    users,
    dau,
    requestsPerDay,
    avgRps,
    peakRps,
    instances,
    dbConnections,
    redisMemoryGB,
    storageGB: users * profile.storage.perUserGB,
    cdnTransferGB: users * profile.cdn.transferPerUserGB,
  };

  const instanceClass =
    profile.database.instanceClass === "auto"
      ? sizeDatabase(dbConnections, profile.database.minMemoryGB, catalogue, sizing)
      : profile.database.instanceClass;
  const nodeType = profile.cache.nodeType === "auto" ? sizeCache(redisMemoryGB, catalogue, sizing) : profile.cache.nodeType;

  return {
    capacity,
    stack: {
      instanceType: backend.instanceType,
      instances,
      database: { instanceClass, multiAz: profile.database.multiAz, storageGB: profile.database.storageGB, storageType: profile.database.storageType },
      cache: { nodeType },
      albLcu: profile.alb.lcu,
      sizing,
    },
  };
}

/** The default max_connections of an RDS PostgreSQL class with this much memory. */
export function maxConnections(spec: InstanceSpec): number {
  return Math.min(Math.floor((spec.memoryGiB * BYTES_PER_GIB) / RDS_BYTES_PER_CONNECTION), RDS_MAX_CONNECTIONS_CAP);
}

/** Usable cache memory of a node in GB (decimal, as redisMemoryGB is): memory less ElastiCache's reserve. */
export function usableCacheGB(spec: InstanceSpec, catalogue: Catalogue): number {
  return (spec.memoryGiB * BYTES_PER_GIB * (1 - catalogue.elasticache.reservedMemoryFraction)) / 1e9;
}

const ladders = new WeakMap<Record<string, InstanceSpec>, [string, InstanceSpec][]>();

/** Catalogue entries smallest first: fewest vCPU, then least memory, then the catalogue's order. */
export function smallestFirst(types: Record<string, InstanceSpec>): [string, InstanceSpec][] {
  // A sweep sizes thousands of points on one catalogue: sort each family once.
  let ladder = ladders.get(types);
  if (!ladder) ladders.set(types, (ladder = sortLadder(types)));
  return ladder;
}

function sortLadder(types: Record<string, InstanceSpec>): [string, InstanceSpec][] {
  return Object.entries(types)
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => a.entry[1].vcpu - b.entry[1].vcpu || a.entry[1].memoryGiB - b.entry[1].memoryGiB || a.order - b.order)
    .map(({ entry }) => entry);
}

function sizeDatabase(connections: number, minMemoryGB: number, catalogue: Catalogue, sizing: SizingNote[]): string {
  const needed = Math.ceil(connections * DB_CONNECTION_HEADROOM);
  const ladder = smallestFirst(catalogue.rds.types);
  const fit = ladder.find(([, spec]) => maxConnections(spec) >= needed && spec.memoryGiB >= minMemoryGB);
  const memoryNote = minMemoryGB > 0 ? ` and at least ${fmt(minMemoryGB)} GiB` : "";
  if (fit) {
    const [name, spec] = fit;
    sizing.push({
      component: "database",
      choice: name,
      reason: `${spec.vcpu} vCPU, ${fmt(spec.memoryGiB)} GiB, max_connections ${maxConnections(spec)}: the smallest with ${needed} connections (${connections} + 20% headroom)${memoryNote}`,
    });
    return name;
  }
  // Nothing holds it: take the largest so the plan is still priced; the db-connections check fails and names the way out.
  const [name, spec] = ladder.reduce((a, b) => (maxConnections(b[1]) > maxConnections(a[1]) || (maxConnections(b[1]) === maxConnections(a[1]) && b[1].memoryGiB > a[1].memoryGiB) ? b : a));
  sizing.push({
    component: "database",
    choice: name,
    reason: `no class holds ${needed} connections${memoryNote} (the most is ${maxConnections(spec)}): put RDS Proxy or PgBouncer in front, or use fewer connections per instance`,
  });
  return name;
}

function sizeCache(redisMemoryGB: number, catalogue: Catalogue, sizing: SizingNote[]): string {
  const ladder = smallestFirst(catalogue.elasticache.types);
  const pct = Math.round((1 - catalogue.elasticache.reservedMemoryFraction) * 100);
  const fit = ladder.find(([, spec]) => usableCacheGB(spec, catalogue) >= redisMemoryGB);
  if (fit) {
    const [name, spec] = fit;
    sizing.push({ component: "cache", choice: name, reason: `${fmt(spec.memoryGiB)} GiB, the smallest holding ${fmt(redisMemoryGB, 1)} GB at ${pct}%` });
    return name;
  }
  const [name, spec] = ladder.reduce((a, b) => (b[1].memoryGiB > a[1].memoryGiB ? b : a));
  sizing.push({
    component: "cache",
    choice: name,
    reason: `no single node holds ${fmt(redisMemoryGB, 1)} GB at ${pct}% (the largest, ${fmt(spec.memoryGiB)} GiB, holds ${fmt(usableCacheGB(spec, catalogue), 1)} GB): shard the cache (cluster mode) or cache less per user`,
  });
  return name;
}

function fmt(n: number, digits = 2): string {
  return digits === 1 ? n.toFixed(1) : num(n, digits);
}
