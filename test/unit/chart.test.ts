// The sweep chart: every label inside the picture and clear of every other (text widths estimated
// from the font size, 0.6 em a character, wider than Helvetica's average), gaps drawn as gaps.
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { Sweep } from "../../src/core/sweep.js";
import { renderChart } from "../../src/present/render-chart.js";

interface TextBox {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The box of every <text> of an SVG: anchor start/middle/end, baseline at y, 0.8 em above it and 0.25 em below. */
export function textBoxes(svg: string): TextBox[] {
  const boxes: TextBox[] = [];
  for (const m of svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(m[1])?.[1];
    const size = Number(attr("font-size") ?? 12);
    const text = m[2].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
    const width = [...text].length * size * 0.6;
    const x = Number(attr("x"));
    const y = Number(attr("y"));
    expect(attr("transform"), `rotated text "${text}"`).toBeUndefined();
    const anchor = attr("text-anchor") ?? "start";
    const x0 = anchor === "middle" ? x - width / 2 : anchor === "end" ? x - width : x;
    boxes.push({ text, x0, x1: x0 + width, y0: y - size * 0.8, y1: y + size * 0.25 });
  }
  return boxes;
}

function expectLegible(svg: string): void {
  expect(XMLValidator.validate(svg)).toBe(true);
  const [, w, h] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number);
  const boxes = textBoxes(svg);
  for (const b of boxes) {
    expect(b.x0, `"${b.text}" starts left of the picture`).toBeGreaterThanOrEqual(0);
    expect(b.x1, `"${b.text}" runs off the right`).toBeLessThanOrEqual(w);
    expect(b.y0, `"${b.text}" above the top`).toBeGreaterThanOrEqual(0);
    expect(b.y1, `"${b.text}" below the bottom`).toBeLessThanOrEqual(h);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
      expect(overlap, `"${a.text}" overlaps "${b.text}"`).toBe(false);
    }
  }
}

const SERVICES = ["ec2", "rds", "elasticache", "s3", "cloudfront", "alb", "dataTransfer", "cloudwatch"] as const;

/** A sweep of n log-spaced points from 10k to 100M, each service growing with users; a step every `stepEvery` points. */
function syntheticSweep(n: number, { stepEvery = 0, gapFrom = Infinity }: { stepEvery?: number; gapFrom?: number } = {}): Sweep {
  const rows = Array.from({ length: n }, (_, i) => {
    const users = Math.round(10_000 * 10_000 ** (n === 1 ? 0 : i / (n - 1)));
    const services = Object.fromEntries(SERVICES.map((id, k) => [id, i >= gapFrom && id === "rds" ? null : (users / 1000) * (k + 1) ** 1.5 + 20 * (k + 1)]));
    const total = Object.values(services).reduce<number>((a, v) => a + (v ?? 0), 0);
    return {
      users,
      dau: users / 10,
      peakRps: users / 28_800,
      instances: 2 + Math.floor(i / 3),
      instanceType: "t3.medium",
      cacheNode: stepEvery ? `cache.r6g.${Math.floor(i / stepEvery)}xlarge` : "cache.t3.medium",
      dbClass: stepEvery ? `db.r5.${Math.floor(i / stepEvery)}xlarge` : "db.r5.2xlarge",
      storageGB: users * 10,
      services,
      totalMonthlyUSD: total,
      complete: i < gapFrom,
    };
  });
  const steps: Sweep["steps"] = [];
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].cacheNode !== rows[i - 1].cacheNode) steps.push({ users: rows[i].users, component: "cache", from: rows[i - 1].cacheNode, to: rows[i].cacheNode });
    if (rows[i].dbClass !== rows[i - 1].dbClass) steps.push({ users: rows[i].users, component: "database", from: rows[i - 1].dbClass, to: rows[i].dbClass });
  }
  return { book: "aws", source: { origin: "snapshot", region: "us-east-1", term: "on-demand", asOf: "2026-11-25" }, rows, steps } as unknown as Sweep;
}

describe("the sweep chart", () => {
  it("five points, a budget, no steps", () => expectLegible(renderChart(syntheticSweep(5), { title: "Monthly cost by service: guide, us-east-1 (guide prices)", budgetUSD: 50_000 })));

  it("steps close together, a budget near the top, a long title, missing prices", () => {
    const svg = renderChart(syntheticSweep(40, { stepEvery: 1, gapFrom: 30 }), {
      title: "Monthly cost by service: a-very-long-profile-name-from-a-file, ap-southeast-1 (AWS prices, snapshot 2026-11-25) and more words",
      budgetUSD: 9_000_000,
    });
    expectLegible(svg);
    // A missing price breaks the service's line (a new "M" move), and the total turns dashed.
    const rds = /data-service="rds" d="([^"]*)"/.exec(svg)![1];
    expect(rds.match(/M/g)).toHaveLength(1);
    expect(rds.split(" ").length).toBe(30);
    expect(svg).toContain('class="total-lower-bound"');
    expect(svg).toContain("the total is a lower bound");
  });

  it("1,000 points with steps all along", () => expectLegible(renderChart(syntheticSweep(1000, { stepEvery: 7 }), { title: "Monthly cost by service: guide", budgetUSD: 250_000 })));

  it("one point", () => expectLegible(renderChart(syntheticSweep(1), { title: "One point", budgetUSD: null })));

  it("the cost axis is logarithmic: a $50k budget sits well clear of the axis under a $100M total", () => {
    const svg = renderChart(syntheticSweep(9), { title: "t", budgetUSD: 50_000 });
    const y = Number(/class="budget"><line [^>]*y1="([\d.]+)"/.exec(svg)![1]);
    const [top, bottom] = [96, 600 - 78];
    expect((bottom - y) / (bottom - top)).toBeGreaterThan(0.25);
  });
});
