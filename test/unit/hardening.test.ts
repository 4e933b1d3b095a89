// Pure parts of the hardening (issue 14): escaping per medium, the plan's sane range, decimal commas,
// prototype-free lookups. Table-driven, hand-written expectations.
import { describe, expect, it } from "vitest";
import { escapeConfigComment, escapeHtml, escapeMarkdown, escapeTerminal, sanitizeTerminalText } from "../../src/present/escape.js";
import { checkPlanLimits, PLAN_LIMITS } from "../../src/core/limits.js";
import { withoutPrototypes } from "../../src/core/lookup.js";
import { lookup } from "../../src/core/catalogue.js";
import { decimalCommaProblem, parseCount, parseUSD } from "../../src/core/units.js";

describe("escaping, one function per medium", () => {
  it.each([
    ["plain", "plain"],
    ["a\nb", "a\\nb"],
    ["a\rb\tc", "a\\rb\\tc"],
    ["\u001b[31mred", "\\u{1b}[31mred"],
    ["bell\u0007", "bell\\u{7}"],
    ["del\u007f", "del\\u{7f}"],
    ["c1\u009b", "c1\\u{9b}"],
    ["bidi\u202egpj.exe", "bidi\\u{202e}gpj.exe"],
    ["isolate\u2066x\u2069", "isolate\\u{2066}x\\u{2069}"],
    ["émoji ✅ 中文", "émoji ✅ 中文"],
  ])("terminal and config comments: %j", (input, expected) => {
    expect(escapeTerminal(input)).toBe(expected);
    expect(escapeConfigComment(input)).toBe(expected);
    expect(escapeConfigComment(input)).not.toContain("\n");
  });

  it.each([
    ["guide-as-published", "guide-as-published"],
    ["<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
    ["a | b", "a \\| b"],
    ["**bold** _it_ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`"],
    ["[link](javascript:x)", "\\[link\\](javascript:x)"],
    ["a & b", "a &amp; b"],
    ["line\nbreak", "line\\\\nbreak"],
  ])("markdown: %j", (input, expected) => expect(escapeMarkdown(input)).toBe(expected));

  it("HTML", () => expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"));

  it("the terminal guard keeps newlines and our colour (SGR), shows every other control", () => {
    expect(sanitizeTerminalText("a\n\u001b[1m\u001b[31mb\u001b[39m\u001b[22m\n")).toBe("a\n\u001b[1m\u001b[31mb\u001b[39m\u001b[22m\n");
    expect(sanitizeTerminalText("x\u001b]0;title\u0007y\u001b[2Jz\r")).toBe("x\\u{1b}]0;title\\u{7}y\\u{1b}[2Jz\\r");
  });
});

describe("the plan's sane range", () => {
  const ok = { users: 1e6, peakRps: 34.7, instances: 10, dbConnections: 200, redisMemoryGB: 2, storageGB: 1e7, cdnTransferGB: 1e4 };
  it("a plan inside every limit", () => expect(checkPlanLimits(ok)).toBeUndefined());
  it.each([
    ["instances", 3.47e301, "too-large"],
    ["instances", PLAN_LIMITS.instances + 1, "too-large"],
    ["peakRps", Infinity, "not-finite"],
    ["redisMemoryGB", NaN, "not-finite"],
    ["storageGB", -1, "negative"],
    ["dbConnections", 1e12, "too-large"],
    ["cdnTransferGB", 1e13, "too-large"],
  ] as const)("%s = %d is %s", (figure, value, kind) => {
    const problem = checkPlanLimits({ ...ok, [figure]: value });
    expect(problem).toMatchObject({ figure, kind, limit: PLAN_LIMITS[figure] });
    expect(problem!.drivers.length).toBeGreaterThan(0);
  });
  it("the limit itself is inside", () => expect(checkPlanLimits({ ...ok, instances: PLAN_LIMITS.instances })).toBeUndefined());
});

describe("decimal commas", () => {
  it.each([
    ["2,5m", 'has a decimal comma (got "2,5m"); write a decimal point: 2.5m (commas only group thousands, as in 1,000,000)'],
    ["1,5", 'has a decimal comma (got "1,5"); write a decimal point: 1.5 (commas only group thousands, as in 1,000,000)'],
    ["1,00,000", 'has commas that do not group thousands (got "1,00,000"); write 1000000, 1,000,000 or 1e6'],
    ["12,34,567", 'has commas that do not group thousands (got "12,34,567"); write 1000000, 1,000,000 or 1e6'],
  ])("--users %s is refused", (raw, message) => expect(parseCount(raw)).toBe(message));
  it.each([
    ["1,000,000", 1e6],
    ["2,500", 2500],
    ["1,500k", 1_500_000],
    ["1_000_000", 1e6],
  ])("--users %s still reads as %d", (raw, value) => expect(parseCount(raw)).toBe(value));
  it("dollars", () => {
    expect(parseUSD("2,5k")).toMatch(/^has a decimal comma/);
    expect(parseUSD("2,500.50")).toBe(2500.5);
  });
  it("plain numbers", () => {
    expect(decimalCommaProblem("0,3")).toMatch(/write a decimal point: 0\.3 /);
    expect(decimalCommaProblem("0.3")).toBeUndefined();
    expect(decimalCommaProblem("1,000")).toBeUndefined();
  });
});

describe("lookups without prototypes", () => {
  const map = withoutPrototypes(JSON.parse('{"t3.medium": {"vcpu": 2}, "nested": {"a": {"b": 1}}, "list": [{"x": 1}]}'));
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"])("%s is not a name", (name) => {
    expect(name in map).toBe(false);
    expect(lookup(map, name)).toBeUndefined();
    expect((map as Record<string, unknown>)[name]).toBeUndefined();
    expect(name in map.nested.a).toBe(false);
    expect(name in map.list[0]).toBe(false);
  });
  it("own names are found", () => {
    expect(lookup(map, "t3.medium")).toEqual({ vcpu: 2 });
    expect(lookup(map, "nested")).toBeDefined();
  });
  it("a JSON key __proto__ stays data, never a prototype", () => {
    const m = withoutPrototypes(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(m)).toBe(null);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(lookup(m, "__proto__")).toEqual({ polluted: true });
  });
});
