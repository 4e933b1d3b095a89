import { describe, expect, it } from "vitest";
import { parseCount, parseUSD } from "../../src/core/units.js";
import { gb, num, unitUSD, usd } from "../../src/present/format.js";

describe("parseCount: user counts as people write them", () => {
  it.each([
    ["1000000", 1_000_000],
    ["1_000_000", 1_000_000],
    ["1,000,000", 1_000_000],
    ["1e6", 1_000_000],
    ["1m", 1_000_000],
    ["1M", 1_000_000],
    ["250k", 250_000],
    ["10M", 10_000_000],
    ["1.5m", 1_500_000],
    ["2.5e3", 2500],
    ["1b", 1_000_000_000],
    [" 42 ", 42],
    [1e6, 1_000_000],
  ])("%s -> %d", (raw, expected) => {
    expect(parseCount(raw)).toBe(expected);
  });

  it.each([
    ["-5", "must be at least 1 (got -5)"],
    ["0", "must be at least 1 (got 0)"],
    ["1.5", "must be a whole number of users (got 1.5)"],
    ["1e18", "must be at most 10,000,000,000 (got 1e18)"],
    ["1e400", "must be a finite number (got 1e400)"],
    ["abc", 'must be a number like 1000000, 1e6 or 250k (got "abc")'],
    ["", "must be a number like 1000000, 1e6 or 250k (got an empty value)"],
    ["1__000", 'must be a number like 1000000, 1e6 or 250k (got "1__000")'],
    ["10x", 'must be a number like 1000000, 1e6 or 250k (got "10x")'],
    [true, "must be a number like 1000000, 1e6 or 250k (got true)"],
  ])("rejects %j: %s", (raw, message) => {
    expect(parseCount(raw)).toBe(message);
  });
});

describe("parseUSD", () => {
  it.each([
    ["2500", 2500],
    ["$2,500", 2500],
    ["2.5k", 2500],
    ["0", 0],
  ])("%s -> %d", (raw, expected) => expect(parseUSD(raw)).toBe(expected));
  it("rejects text and negatives", () => {
    expect(parseUSD("abc")).toMatch(/must be a dollar amount/);
    expect(parseUSD("-5")).toMatch(/must be a dollar amount/);
  });
});

describe("formatting", () => {
  it.each([
    [usd(231820), "$231,820.00"],
    [usd(303.68), "$303.68"],
    [usd(-87.04), "-$87.04"],
    [usd(0.004), "$0.00"],
    [unitUSD(0.0416), "$0.0416"],
    [unitUSD(30), "$30.00"],
    [num(11.574074), "11.57"],
    [num(1234567), "1,234,567"],
    [num(0.5), "0.5"],
    [gb(10_000_000), "10,000,000 GB (10 PB)"],
    [gb(10_000), "10,000 GB (10 TB)"],
    [gb(500), "500 GB"],
  ])("%s = %s", (got, expected) => expect(got).toBe(expected));
});
