// The USL fit recovers known σ and κ from synthetic steps, and refuses to fit on fewer than four.
import { describe, expect, it } from "vitest";
import { fitUsl, uslThroughput, type UslParameters } from "../../src/core/calibrate/usl.js";

const steps = [1, 2, 4, 8, 16, 32, 64];
const synthetic = (p: UslParameters, ns = steps, noise: (i: number) => number = () => 0) =>
  ns.map((n, i) => ({ concurrency: n, throughput: uslThroughput(n, p) * (1 + noise(i)) }));
const within = (got: number, want: number, share = 0.05) => expect(Math.abs(got - want) / want).toBeLessThanOrEqual(share);

describe("fitUsl", () => {
  it.each([
    { lambda: 120, sigma: 0.05, kappa: 0.0005 },
    { lambda: 400, sigma: 0.2, kappa: 0.002 },
    { lambda: 90, sigma: 0.02, kappa: 0.00005 },
    { lambda: 1000, sigma: 0.5, kappa: 0.01 },
  ])("recovers λ=$lambda σ=$sigma κ=$kappa within 5% from exact steps", (p) => {
    const r = fitUsl(synthetic(p));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    within(r.fit.lambda, p.lambda);
    within(r.fit.sigma, p.sigma);
    within(r.fit.kappa, p.kappa);
    within(r.fit.peakConcurrency!, Math.sqrt((1 - p.sigma) / p.kappa));
    expect(r.fit.r2).toBeGreaterThan(0.9999);
  });

  it("recovers σ and κ within 5% from steps with ±1% measurement noise", () => {
    const p = { lambda: 150, sigma: 0.08, kappa: 0.001 };
    const wobble = [0.01, -0.01, 0.005, -0.008, 0.01, -0.004, 0.007];
    const r = fitUsl(synthetic(p, [1, 2, 4, 8, 16, 24, 32, 48, 64, 96].slice(0, 7), (i) => wobble[i]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Noise moves the estimates; the predicted peak stays close.
    within(r.fit.peakThroughput!, uslThroughput(Math.sqrt((1 - p.sigma) / p.kappa), p), 0.05);
    expect(r.fit.r2).toBeGreaterThan(0.99);
  });

  it("gives κ = 0 and Amdahl's ceiling λ/σ when throughput only levels off", () => {
    const p = { lambda: 100, sigma: 0.1, kappa: 0 };
    const r = fitUsl(synthetic(p));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fit.kappa).toBeLessThan(1e-7);
    within(r.fit.sigma, 0.1);
    within(r.fit.peakThroughput!, 1000, 0.05);
  });

  it("fits linear scaling as σ = κ = 0 with no peak", () => {
    const r = fitUsl(synthetic({ lambda: 50, sigma: 0, kappa: 0 }, [1, 2, 3, 4]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    within(r.fit.lambda, 50, 0.001);
    expect(r.fit.sigma).toBeLessThan(1e-4);
    expect(r.fit.peakConcurrency).toBeNull();
  });

  it("refuses three steps, and counts distinct concurrencies", () => {
    expect(fitUsl(synthetic({ lambda: 100, sigma: 0.1, kappa: 0.001 }, [1, 2, 4]))).toEqual({ ok: false, reason: "too-few-steps", points: 3, needed: 4 });
    const repeated = [1, 2, 4, 4].map((n) => ({ concurrency: n, throughput: n * 10 }));
    expect(fitUsl(repeated)).toMatchObject({ ok: false, points: 3 });
    expect(fitUsl([])).toMatchObject({ ok: false, points: 0 });
  });
});
