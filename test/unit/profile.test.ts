// Profiles: strict YAML, every problem one line with file:line:column and the key.
import { describe, expect, it } from "vitest";
import { parseProfileText } from "../../src/io/profile-yaml.js";
import { flagsToProfileFile, resolveProfile } from "../../src/core/profile/resolve.js";
import { SETTINGS } from "../../src/core/profile/settings.js";

const parse = (yaml: string) => parseProfileText(yaml, "p.yaml", "p");
const flag = (name: string, raw: string | boolean) => () => flagsToProfileFile([{ setting: SETTINGS.find((s) => s.flag === name)!, raw }]);

describe("profile errors name the file, line, column and key", () => {
  it.each([
    ["", "p.yaml: the profile is empty; it needs at least \"users:\" or one setting"],
    ["# only a comment\n", "p.yaml: the profile is empty; it needs at least \"users:\" or one setting"],
    ["- 1\n- 2\n", "p.yaml:1:1 the profile must be a mapping of settings (got a list)"],
    ["just text\n", "p.yaml:1:1 the profile must be a mapping of settings (got \"just text\")"],
    ["users: 5\nusers: 6\n", "p.yaml:2:1 duplicate key 'users': each setting may appear once"],
    ["users: [1\n", "p.yaml:2:1 invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]"],
    ["users: 5\ntraffic:\n  dauRatoi: 0.2\n", "p.yaml:3:3 traffic.dauRatoi: unknown key (did you mean 'dauRatio'?)"],
    ["users: 5\ntraffic:\n  dauRatio: 1.4\n", "p.yaml:3:3 traffic.dauRatio: must be greater than 0 and at most 1 (got 1.4)"],
    ["users: 5\ntraffic:\n  dauRatio: -0.1\n", "p.yaml:3:3 traffic.dauRatio: must be greater than 0 and at most 1 (got -0.1)"],
    ["users: 5\ntraffic: 3\n", "p.yaml:2:1 traffic: must be a mapping of settings (got 3)"],
    ["users: 5\nbackend:\n  poolSize: twenty\n", "p.yaml:3:3 backend.poolSize: must be a number (got \"twenty\")"],
    ["users: 5\nbackend:\n  instances: many\n", "p.yaml:3:3 backend.instances: must be \"auto\" or a number (got \"many\")"],
    ["users: 5\nbackend:\n  instances: 0\n", "p.yaml:3:3 backend.instances: must be at least 1 and at most 100,000 (got 0)"],
    ["users: 5\ndatabase:\n  multiAz: yes\n", "p.yaml:3:3 database.multiAz: must be true or false (got \"yes\")"],
    ["users: 5\npricing:\n  term: monthly\n", "p.yaml:3:3 pricing.term: must be one of on-demand, reserved-1yr, reserved-3yr (got \"monthly\")"],
    ["users: 5\nfoo: 1\n", "p.yaml:2:1 foo: unknown key; valid keys: description, basis, users, traffic, backend, database, cache, storage, cdn, alb, logging, rateLimit, pricing, budget"],
    ["users: -3\n", "p.yaml:1:1 users: must be at least 1 (got -3)"],
    ["users: 1e18\n", "p.yaml:1:1 users: must be at most 10,000,000,000 (got 1e+18)"],
    ["users: 5\ncache:\n  ttlSeconds: 1.5\nbackend:\n  poolSize: 0\n", "p.yaml:3:3 cache.ttlSeconds: must be a whole number (got 1.5) (and 1 more problem)"],
  ])("%j", async (yaml, message) => {
    await expect(parse(yaml)).rejects.toThrow(message);
  });

  it("a wrong type nested deep names the whole path", async () => {
    await expect(parse("users: 5\ndatabase:\n  storageGB:\n    size: 10\n")).rejects.toThrow("p.yaml:3:3 database.storageGB: must be a number (got a mapping)");
  });

  it("accepts user counts as people write them", async () => {
    expect((await parse("users: 1_000_000\n")).file.users).toBe(1_000_000);
    expect((await parse("users: 250k\n")).file.users).toBe(250_000);
    expect((await parse("users: 1e6\n")).file.users).toBe(1_000_000);
  });
});

describe("flags override the profile and name themselves in errors", () => {
  it.each([
    ["--users", "0", "--users: must be at least 1 (got 0)"],
    ["--dau-ratio", "1.4", "--dau-ratio: must be greater than 0 and at most 1 (got 1.4)"],
    ["--peak-factor", "x", "--peak-factor: must be a number (got \"x\")"],
    ["--pool-size", "2.5", "--pool-size: must be a whole number (got 2.5)"],
    ["--instances", "lots", "--instances: must be \"auto\" or a number (got \"lots\")"],
    ["--budget", "cheap", "--budget: must be a dollar amount like 2500 or 2.5k (got \"cheap\")"],
    ["--storage-per-user", "1e400", "--storage-per-user: must be a finite number (got Infinity)"],
  ])("%s %s", (name, raw, message) => {
    expect(flag(name, raw)).toThrow(message);
  });

  it("records where each value came from", async () => {
    const loaded = await parseProfileText("users: 5\ntraffic:\n  dauRatio: 0.5\n", "p.yaml", "p");
    const flags = flagsToProfileFile([{ setting: SETTINGS.find((s) => s.flag === "--users")!, raw: "2m" }]);
    const { profile, sources } = resolveProfile(loaded, flags);
    expect(profile.users).toBe(2_000_000);
    expect(profile.traffic.dauRatio).toBe(0.5);
    expect(profile.traffic.peakFactor).toBe(3);
    expect(sources.users).toEqual({ setBy: "flag", where: "--users", basis: "input" });
    expect(sources["traffic.dauRatio"]).toEqual({ setBy: "profile", where: "p.yaml:3:3", basis: 'guide: "Daily Active Users: 100,000 (10%)"' });
    expect(sources["traffic.peakFactor"]).toEqual({ setBy: "default", where: "default", basis: "ours: peak-hour RPS / average RPS" });
  });

  it("users is required from the profile or --users", async () => {
    const loaded = await parseProfileText("traffic:\n  dauRatio: 0.5\n", "p.yaml", "p");
    expect(() => resolveProfile(loaded, {})).toThrow('users: not set; give --users N (e.g. --users 1m) or set "users:" in p.yaml');
  });
});
