// The Universal Scalability Law (Gunther): X(N) = λN / (1 + σ(N−1) + κN(N−1)), fitted to measured steps.
// λ: throughput of one client alone; σ: contention (serialised share); κ: coherency (crosstalk) cost.
// Pure: numbers in, numbers out.

export interface UslPoint {
  /** Concurrent clients (N). */
  concurrency: number;
  /** Measured throughput at N, requests per second. */
  throughput: number;
}

export interface UslParameters {
  lambda: number;
  sigma: number;
  kappa: number;
}

export interface UslFit extends UslParameters {
  /** N* = sqrt((1 − σ) / κ): where throughput peaks; null when κ = 0 (no retrograde region: it only levels off). */
  peakConcurrency: number | null;
  /** X(N*), or the asymptote λ/σ when κ = 0 (null when σ = 0 too: no limit seen at all). */
  peakThroughput: number | null;
  /** Coefficient of determination of the fit over the points (1 = exact). */
  r2: number;
  /** Root-mean-square error, requests per second. */
  rmse: number;
  points: number;
}

/** The fewest steps a fit of three parameters is made on (three would fit any three points exactly). */
export const USL_MIN_POINTS = 4;

export type UslResult = { ok: true; fit: UslFit } | { ok: false; reason: "too-few-steps"; points: number; needed: number };

/** Throughput the law predicts at N. */
export function uslThroughput(n: number, { lambda, sigma, kappa }: UslParameters): number {
  return (lambda * n) / (1 + sigma * (n - 1) + kappa * n * (n - 1));
}

/** The shape of the law without λ: X(N) = λ × g(N). */
const shape = (n: number, sigma: number, kappa: number) => n / (1 + sigma * (n - 1) + kappa * n * (n - 1));

/** For fixed σ and κ the best λ is linear least squares; returns it with the sum of squared errors. */
function bestLambda(points: readonly UslPoint[], sigma: number, kappa: number): { lambda: number; sse: number } {
  let xg = 0;
  let gg = 0;
  for (const p of points) {
    const g = shape(p.concurrency, sigma, kappa);
    xg += p.throughput * g;
    gg += g * g;
  }
  const lambda = gg > 0 ? Math.max(0, xg / gg) : 0;
  let sse = 0;
  for (const p of points) {
    const e = p.throughput - lambda * shape(p.concurrency, sigma, kappa);
    sse += e * e;
  }
  return { lambda, sse };
}

// κ is searched on a log scale (it is often 1e-4 or less) with 0 as its own candidate.
const KAPPA_MIN_LOG = -8;
const KAPPA_MAX_LOG = 0;

/**
 * Fit λ, σ, κ (σ in [0, 1], κ ≥ 0) by least squares on throughput: λ in closed form for each (σ, κ), a grid
 * over σ and log κ, then a grid refined around the best cell until it stops moving. Refuses fewer than four points.
 */
export function fitUsl(input: readonly UslPoint[]): UslResult {
  const points = input.filter((p) => p.concurrency > 0 && Number.isFinite(p.throughput));
  const distinct = new Set(points.map((p) => p.concurrency)).size;
  if (distinct < USL_MIN_POINTS) return { ok: false, reason: "too-few-steps", points: distinct, needed: USL_MIN_POINTS };

  let best = { sigma: 0, logKappa: -Infinity, lambda: 0, sse: Infinity };
  const consider = (sigma: number, logKappa: number) => {
    const kappa = logKappa === -Infinity ? 0 : 10 ** logKappa;
    const { lambda, sse } = bestLambda(points, sigma, kappa);
    if (sse < best.sse) best = { sigma, logKappa, lambda, sse };
  };
  // Coarse grid: σ every 0.01, log κ every 0.05 decades, and κ = 0.
  for (let i = 0; i <= 100; i++) {
    const sigma = i / 100;
    consider(sigma, -Infinity);
    for (let j = 0; j <= (KAPPA_MAX_LOG - KAPPA_MIN_LOG) * 20; j++) consider(sigma, KAPPA_MIN_LOG + j / 20);
  }
  // Refine: a 21 × 21 grid around the best point, halving the cell each round.
  let dSigma = 0.01;
  let dLog = 0.05;
  for (let round = 0; round < 40; round++) {
    const center = { ...best };
    for (let i = -10; i <= 10; i++) {
      const sigma = Math.min(1, Math.max(0, center.sigma + (i * dSigma) / 10));
      if (center.logKappa === -Infinity) {
        consider(sigma, -Infinity);
        // Also try leaving κ = 0 for the smallest κ of the grid's range.
        consider(sigma, KAPPA_MIN_LOG + (i + 10) * 0.05);
        continue;
      }
      for (let j = -10; j <= 10; j++) consider(sigma, Math.min(KAPPA_MAX_LOG, center.logKappa + (j * dLog) / 10));
    }
    dSigma /= 2;
    dLog /= 2;
  }

  const sigma = best.sigma;
  const kappa = best.logKappa === -Infinity ? 0 : 10 ** best.logKappa;
  const lambda = best.lambda;
  const mean = points.reduce((s, p) => s + p.throughput, 0) / points.length;
  const sst = points.reduce((s, p) => s + (p.throughput - mean) ** 2, 0);
  const r2 = sst > 0 ? 1 - best.sse / sst : best.sse === 0 ? 1 : 0;
  const rmse = Math.sqrt(best.sse / points.length);
  let peakConcurrency: number | null = null;
  let peakThroughput: number | null = null;
  if (kappa > 0 && sigma < 1) {
    peakConcurrency = Math.sqrt((1 - sigma) / kappa);
    peakThroughput = uslThroughput(peakConcurrency, { lambda, sigma, kappa });
  } else if (sigma > 0) {
    peakThroughput = lambda / sigma; // Amdahl's ceiling: approached, never passed
  }
  return { ok: true, fit: { lambda, sigma, kappa, peakConcurrency, peakThroughput, r2, rmse, points: points.length } };
}
