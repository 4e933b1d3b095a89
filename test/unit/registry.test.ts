// The registry of renderers: every kind in every format it has, one error for a format it has not.
import { describe, expect, it } from "vitest";
import { HeirloomError } from "../../src/core/errors.js";
import { FORMATS, render } from "../../src/present/registry.js";
import { csvField, csvUSD, signedUSD } from "../../src/present/format.js";
import { layoutColumns, terminalWidth, wrap } from "../../src/present/terminal.js";

const rows = [{ item: "compute:t3.medium", origin: "snapshot", sku: "ABC", price: "$0.0416/h", asOf: "2026-11-25", note: "a, b" }];
const ctx = { color: false, width: 80 };

describe("the registry", () => {
  it.each(FORMATS)("prices as %s", async (format) => {
    const text = await render("prices", format, rows, ctx);
    expect(text).toContain("compute:t3.medium");
    if (format === "csv") expect(text.split("\n")[1]).toBe('compute:t3.medium,snapshot,ABC,$0.0416/h,2026-11-25,"a, b"');
  });

  it("a format a kind does not come in is one line of bad input", async () => {
    await expect(render("calibration", "table", {}, ctx)).rejects.toThrow(HeirloomError);
    await expect(render("calibration", "table", {}, ctx)).rejects.toThrow("--format table: calibration output comes as json");
  });
});

describe("one way to quote CSV, to sign money, to round to the cent", () => {
  it.each([
    [850.0000000000001, "850.00"],
    [0.005, "0.01"],
    [-0.001, "0.00"],
    [null, ""],
  ])("csvUSD(%s) = %s", (n, text) => expect(csvUSD(n)).toBe(text));
  it("quotes what needs quoting", () => {
    expect(csvField('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvField("plain")).toBe("plain");
  });
  it("signs money", () => {
    expect(signedUSD(108, 5.268)).toBe("+$108.00 (+5.3%)");
    expect(signedUSD(-0.36, -0.72)).toBe("-$0.36 (-0.7%)");
    expect(signedUSD(-0.001)).toBe("+$0.00");
  });
});

describe("the terminal", () => {
  it("is COLUMNS wide where set, the terminal's width on a terminal, else 80; never under 80", () => {
    expect(terminalWidth({ COLUMNS: "120" }, { isTTY: true, columns: 100 })).toBe(120);
    expect(terminalWidth({}, { isTTY: true, columns: 100 })).toBe(100);
    expect(terminalWidth({}, { isTTY: false })).toBe(80);
    expect(terminalWidth({ COLUMNS: "60" }, {})).toBe(80);
    expect(terminalWidth({ COLUMNS: "abc" }, {})).toBe(80);
  });
  it("wraps words, cuts what is longer than a line", () => {
    expect(wrap("the quick brown fox", 9)).toEqual(["the quick", "brown fox"]);
    expect(wrap("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
  });
  it("lays columns out to fit: heads wrap first, figures never break", () => {
    const widths = layoutColumns(["service", "AWS snapshot 2026-11-25", "difference"], [["EC2 (backend)", "$212,239.90", "-$19,436.80 (-8.5%)"]], { width: 50, wrap: [2, 1] });
    expect(widths.reduce((a, b) => a + b, 0) + 3 * 3 + 1).toBeLessThanOrEqual(50);
    expect(widths[1]).toBeGreaterThanOrEqual("$212,239.90".length);
  });
});
