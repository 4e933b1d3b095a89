// Issue 9's proof, offline and without credentials: the bundled snapshot prices every stack the planner
// picks for the user counts people ask about, the built-in profiles and the README's example profile, on
// every term and in every region it names. A plan that is not `complete` here has a gap in models/prices.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, ROOT, tempDir } from "../helpers.js";

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"];
const TERMS = ["on-demand", "reserved-1yr", "reserved-3yr"];
const SIZES = "10k,250k,1m,10m,100m";

/** The README's example profile, as a user would copy it into a file. */
function readmeProfile(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const block = /```yaml\n(description: our app\n[\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error("README.md has no example profile (a yaml block starting 'description: our app')");
  const file = join(tempDir("hp-coverage-"), "ours.yaml");
  writeFileSync(file, block);
  return file;
}

function json(args: string[]) {
  const r = cli([...args, "--offline", "--format", "json"]);
  // A profile's budget that cannot be checked for a missing price would exit 3: every plan here is priced.
  expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

interface ServiceCost {
  monthlyUSD: number | null;
  gapReason?: { item?: string };
}

describe("the bundled snapshot prices every plan offline", () => {
  const ours = readmeProfile();
  const plans: [string, string[]][] = [
    ...SIZES.split(",").map((users): [string, string[]] => [`--users ${users} --size auto`, ["--users", users, "--size", "auto"]]),
    ...["guide", "guide-as-published", "startup-50k", "scaleup-10m"].map((name): [string, string[]] => [`--profile ${name}`, ["--profile", name]]),
    ["the README's example profile", ["--profile", ours]],
  ];
  for (const region of REGIONS) {
    for (const term of TERMS) {
      it(`${region}, ${term}: --size auto at ${SIZES}, the built-in profiles and the README's`, () => {
        const incomplete: string[] = [];
        for (const [name, args] of plans) {
          const report = json([...args, "--region", region, "--term", term]) as { summary: { complete: boolean }; costs: { aws: { services: Record<string, ServiceCost> } } };
          const missing = Object.values(report.costs.aws.services).flatMap((s) => (s.monthlyUSD === null ? [s.gapReason?.item ?? "?"] : []));
          if (!report.summary.complete || missing.length) incomplete.push(`${name}: no price for ${missing.join(", ") || "?"}`);
        }
        expect(incomplete).toEqual([]);
      }, 120_000);
    }
  }
});
