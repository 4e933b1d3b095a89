// Calibration's inputs: steps, durations, request budgets, loopback-only URLs, and the budget's split.
import { describe, expect, it } from "vitest";
import { isLoopbackHost, parseDuration, parseRequestBudget, parseSteps, parseTargetUrl, planBudget } from "../../src/core/calibrate/options.js";

describe("calibrate options", () => {
  it("parses rising steps and refuses others", () => {
    expect(parseSteps("1,2,4,8")).toEqual([1, 2, 4, 8]);
    expect(parseSteps("1, 3 ,9")).toEqual([1, 3, 9]);
    expect(parseSteps("2,2")).toMatch(/must rise/);
    expect(parseSteps("0,1")).toMatch(/out of range/);
    expect(parseSteps("1,x")).toMatch(/'x' is not a whole number/);
  });

  it("parses durations", () => {
    expect(parseDuration("2m")).toBe(120);
    expect(parseDuration("90s")).toBe(90);
    expect(parseDuration("1m30s")).toBe(90);
    expect(parseDuration("45")).toBe(45);
    expect(parseDuration("2h")).toMatch(/not a duration/);
    expect(parseDuration("0s")).toMatch(/out of range/);
  });

  it("parses request budgets", () => {
    expect(parseRequestBudget("50k")).toBe(50_000);
    expect(parseRequestBudget("200_000")).toBe(200_000);
    expect(parseRequestBudget("-1")).toMatch(/not a number/);
  });

  it("knows loopback hosts", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "[::1]", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["10.0.0.1", "192.168.1.1", "example.com", "128.0.0.1", "0.0.0.0", "::", "127.0.0.1.example.com", "app.localhost"]) expect(isLoopbackHost(h), h).toBe(false);
  });

  it("refuses a URL off this machine unless allowed, and odd URLs always", () => {
    expect(parseTargetUrl("http://127.0.0.1:3000/", false)).toEqual({ origin: "http://127.0.0.1:3000", base: "", hostname: "127.0.0.1" });
    expect(parseTargetUrl("http://localhost:3000/app", false)).toMatchObject({ base: "/app" });
    expect(parseTargetUrl("http://10.1.2.3:3000", false)).toMatch(/not this machine's loopback/);
    expect(parseTargetUrl("http://10.1.2.3:3000", true)).toMatchObject({ origin: "http://10.1.2.3:3000" });
    expect(parseTargetUrl("ftp://127.0.0.1", false)).toMatch(/not HTTP/);
    expect(parseTargetUrl("http://u:p@127.0.0.1", false)).toMatch(/credentials/);
    expect(parseTargetUrl("nonsense", false)).toMatch(/not a URL/);
  });

  it("splits the budget: a warm-up, then equal steps with time for scrapes", () => {
    expect(planBudget(120, 200_000, [1, 2, 4, 8, 16, 32])).toEqual({ warmupSeconds: 5, warmupRequests: 10_000, stepSeconds: 18, stepRequests: 31_666 });
    expect(planBudget(12, 200_000, [1, 2, 4, 8, 16, 32])).toMatch(/too short for 6 steps/);
    expect(planBudget(120, 1000, [1, 2, 4, 8, 16, 32])).toMatch(/too few for 6 steps/);
  });
});
