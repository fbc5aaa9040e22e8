// Figure defaults in src/plot.ts: log axes labelled with their values, legends below the plot,
// one colour per model. Tick labels are checked by parsing them back, not against stored strings.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { colourMap, figure, heatmapTrace, lineTrace, logTicks, PALETTE, range, scatterTrace } from "../../src/plot";
import { makeRng } from "../../src/random";

/** The number a tick label shows: "0.7", "20,000", "10<sup>−9</sup>", "2×10<sup>5</sup>". */
function labelValue(t: string): number {
  const m = t.match(/^(?:(\d+(?:\.\d+)?)×)?10<sup>(−?)(\d+)<\/sup>$/);
  if (m) return Number(m[1] ?? 1) * 10 ** ((m[2] ? -1 : 1) * Number(m[3]));
  return Number(t.replace(/,/g, ""));
}

describe("logTicks", () => {
  it("labels lesson 01's loss axis (0.69 to 5.7) with its values, not the digits 9, 8, 7", () => {
    const t = logTicks(0.69, 5.7);
    assert.deepEqual(t.ticktext, ["0.7", "1", "2", "3", "5"]);
    assert.deepEqual(t.minor, [0.8, 0.9, 4]);
  });
  it("labels decades as powers of ten when the range spans many", () => {
    const t = logTicks(2e-9, 0.25);
    assert.equal(t.ticktext[0], "10<sup>−8</sup>");
    assert.ok(t.tickvals.every((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-12), "decades only");
  });
  it("over 2,000 random ranges: every label reads as its tick's value, inside the range, at most 9, none crowded", () => {
    const rng = makeRng(14);
    for (let n = 0; n < 2000; n++) {
      const lo = 10 ** rng.uniform(-12, 6), hi = lo * 10 ** rng.uniform(0.05, 14);
      const { tickvals, ticktext, minor } = logTicks(lo, hi);
      const where = `range [${lo}, ${hi}]: ${ticktext.join(" ")}`;
      assert.ok(tickvals.length >= 2 && tickvals.length <= 9, where);
      tickvals.forEach((v, i) => {
        assert.ok(Math.abs(labelValue(ticktext[i]) - v) <= 1e-9 * v, `${where}: "${ticktext[i]}" is not ${v}`);
        assert.ok(v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9), `${where}: ${v} outside`);
        if (i > 0) assert.ok(Math.log10(v / tickvals[i - 1]) >= Math.log10(hi / lo) / 14 - 1e-12, `${where}: crowded`);
      });
      assert.ok(minor.every((v) => !tickvals.includes(v)), where);
    }
  });
  it("refuses a range that is not positive", () => {
    assert.throws(() => logTicks(0, 1), /logTicks: need 0 < lo <= hi, got lo = 0/);
  });
});

describe("figure defaults", () => {
  const costs = range(100).map((k) => 0.7 + 5 * Math.exp(-k / 10));
  it("gives a log axis labelled ticks from its data, or from its range when it sets one", () => {
    const f = figure({ title: "t", x: "epoch", y: "L" }, [lineTrace(range(100), costs, "L")], { yaxis: { type: "log" } });
    const y = f.layout.yaxis as { tickvals: number[]; ticktext: string[]; title: { text: string } };
    assert.deepEqual(y.tickvals, logTicks(Math.min(...costs), Math.max(...costs)).tickvals);
    assert.equal(y.title.text, "L");
    const ranged = figure({ title: "t", x: "epoch", y: "L" }, [lineTrace(range(100), costs, "L")], { yaxis: { type: "log", range: [-0.7, Math.log10(30)] } });
    const r = (ranged.layout.yaxis as { tickvals: number[] }).tickvals;
    assert.ok(r[0] >= 10 ** -0.7 && r[r.length - 1] <= 30 && r.includes(20), r.join(" "));
  });
  it("leaves a log axis alone that sets its own ticks, and a linear axis", () => {
    const f = figure({ title: "t", x: "x", y: "y" }, [lineTrace([1, 2], [1, 100], "a")], { yaxis: { type: "log", dtick: 1 } });
    assert.equal((f.layout.yaxis as Record<string, unknown>).tickvals, undefined);
    assert.equal((f.layout.xaxis as Record<string, unknown>).tickvals, undefined);
  });
  it("labels a second log axis from the traces drawn on it", () => {
    const f = figure({ title: "t", x: "x", y: "y" }, [lineTrace([1, 2], [1, 2], "a"), lineTrace([1, 2], [1e-6, 1e-2], "b", { yaxis: "y2" })],
      { yaxis2: { type: "log" } });
    const y2 = f.layout.yaxis2 as { tickvals: number[] };
    assert.equal(y2.tickvals[0], 1e-6);
  });
  it("puts a legend of two or more entries below the plot, and none for one trace", () => {
    const two = figure({ title: "t", x: "x", y: "y" }, [lineTrace([0], [0], "a"), lineTrace([0], [1], "b")]);
    assert.deepEqual(two.layout.legend, { orientation: "h", x: 0, xanchor: "left", y: -0.22, yanchor: "top" });
    assert.ok((two.layout.height as number) > 380, "room for the legend");
    const one = figure({ title: "t", x: "x", y: "y" }, [lineTrace([0], [0], "a")]);
    assert.equal(one.layout.legend, undefined);
    assert.equal(one.layout.height, 380);
    const own = figure({ title: "t", x: "x", y: "y" }, [lineTrace([0], [0], "a"), lineTrace([0], [1], "b")], { legend: { x: 0.35, y: 0.98 } });
    assert.deepEqual(own.layout.legend, { x: 0.35, y: 0.98 }, "a lesson's own legend replaces the default");
  });
  it("makes more legend rows, and a taller figure, for longer names", () => {
    const names = (len: number) => range(4).map((i) => lineTrace([0], [i], `${i}`.padEnd(len, "x")));
    const short = figure({ title: "t", x: "x", y: "y" }, names(5)), long = figure({ title: "t", x: "x", y: "y" }, names(40));
    assert.ok((long.layout.height as number) > (short.layout.height as number));
  });
});

describe("one colour per model", () => {
  it("colourMap gives each name the palette's colours in order, the same every time", () => {
    const c = colourMap(["identity", "sigmoid"] as const);
    assert.deepEqual(c, { identity: PALETTE.blue, sigmoid: PALETTE.orange });
    assert.deepEqual(colourMap(["identity", "sigmoid"]), c);
    assert.throws(() => colourMap(["a", "a"]), /the names must differ/);
    assert.throws(() => colourMap(range(11).map(String)), /at most 10 names/);
  });
  it("a trace's colour option colours its line and markers, and is not passed to plotly", () => {
    const t = lineTrace([0, 1], [0, 1], "sigmoid", { colour: PALETTE.red, line: { width: 3 } });
    assert.deepEqual(t.line, { width: 3, color: PALETTE.red });
    assert.equal((t.marker as { color: string }).color, PALETTE.red);
    assert.ok(!("colour" in t));
    const s = scatterTrace([0], [0], "data", { colour: PALETTE.grey });
    assert.deepEqual(s.marker, { size: 3, opacity: 0.4, color: PALETTE.grey });
  });
});

describe("figure defaults for heatmaps", () => {
  it("adds no legend for heatmaps, which plotly leaves out of it", () => {
    const f = figure({ title: "t", x: "x", y: "y" }, [heatmapTrace([[1]], "left"), heatmapTrace([[2]], "right")]);
    assert.equal(f.layout.legend, undefined);
    assert.equal(f.layout.height, 380);
  });
});
