// src/plot.ts, case by case, against values worked out by hand in the comments: linspace, the
// traces' checks and colours, logTicks on chosen ranges (each tier of its choice of ticks), and what
// figure() does with log axes, second axes and legends. (plot.test.ts checks properties over random
// ranges; this file pins the exact choices.)
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { colourMap, figure, heatmapTrace, lineTrace, linspace, logTicks, PALETTE, scatterTrace } from "../../src/plot";

const sup = (e: number) => `10<sup>${e < 0 ? "\u2212" : ""}${Math.abs(e)}</sup>`;

describe("linspace and the traces", () => {
  it("linspace: n points from a to b inclusive, evenly spaced; fewer than 2 is refused", () => {
    assert.deepEqual(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
    assert.deepEqual(linspace(-2, 4, 4), [-2, 0, 2, 4]);
    assert.deepEqual(linspace(3, 3, 2), [3, 3]);
    for (const n of [1, 0, NaN]) assert.throws(() => linspace(0, 1, n), { message: `linspace: need at least 2 points, got ${n}` });
  });
  it("a trace whose x and y differ in length is refused, naming the trace and both lengths", () => {
    assert.throws(() => scatterTrace([1, 2], [1], "pts"), { message: 'scatterTrace "pts": x has 2 values, y has 1; they must match' });
    assert.throws(() => lineTrace([1], [1, 2, 3], "fit"), { message: 'lineTrace "fit": x has 1 values, y has 3; they must match' });
  });
  it("without a colour a line trace gets no line or marker entry (plotly's colorway decides)", () => {
    const t = lineTrace([1, 2], [3, 4], "a");
    assert.deepEqual(t, { type: "scatter", mode: "lines", name: "a", x: [1, 2], y: [3, 4] });
    assert.deepEqual(heatmapTrace([[1]], "h", { zmin: 0 }), { type: "heatmap", name: "h", z: [[1]], zmin: 0 });
  });
  it("colourMap: ten names take the ten colours; an eleventh or a repeated name is refused with the names", () => {
    const ten = Array.from({ length: 10 }, (_, i) => `m${i}`);
    assert.equal(colourMap(ten).m9, PALETTE.cyan);
    assert.throws(() => colourMap([...ten, "m10"]), { message: "colourMap: at most 10 names (one colour each), got 11" });
    assert.throws(() => colourMap(["a", "b", "a"]), { message: "colourMap: the names must differ, got a, b, a" });
  });
});

describe("logTicks, tier by tier", () => {
  it("1 to 1000: every digit (28 ticks) and 1, 2, 3, 5, 7 (16) and 1, 2, 5 (10) are too many; 1, 3 per decade fits", () => {
    const t = logTicks(1, 1000);
    assert.deepEqual(t.tickvals, [1, 3, 10, 30, 100, 300, 1000]);
    assert.deepEqual(t.ticktext, ["1", "3", "10", "30", "100", "300", "1,000"]);
    // The other digits of the three decades: 2, 4-9 in each.
    const minor = [0, 1, 2].flatMap((k) => [2, 4, 5, 6, 7, 8, 9].map((d) => d * 10 ** k));
    assert.deepEqual(t.minor, minor);
  });
  it("1e-6 to 1e-2: 1, 3 per decade, labelled as powers of ten (values below 1e-3)", () => {
    const t = logTicks(1e-6, 1e-2);
    assert.deepEqual(t.tickvals, [1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2]);
    assert.deepEqual(t.ticktext, [sup(-6), `3×${sup(-6)}`, sup(-5), `3×${sup(-5)}`, sup(-4), `3×${sup(-4)}`, sup(-3), `3×${sup(-3)}`, sup(-2)]);
    assert.equal(t.minor.length, 4 * 7, "4 decades, 7 unlabelled digits each");
  });
  it("2e3 to 5e4: every digit gives 13 ticks, 1, 2, 3, 5, 7 gives 8 that fit; labelled as powers of ten since 50,000 > 10,000", () => {
    const t = logTicks(2e3, 5e4);
    assert.deepEqual(t.tickvals, [2000, 3000, 5000, 7000, 10000, 20000, 30000, 50000]);
    assert.deepEqual(t.ticktext.slice(0, 2), [`2×${sup(3)}`, `3×${sup(3)}`]);
    assert.equal(t.ticktext[4], sup(4));
  });
  it("one value (lo = hi = 5) is widened to 2.5..10: the digits 3 to 9 and 10, nothing left for minor ticks", () => {
    const t = logTicks(5, 5);
    assert.deepEqual(t.tickvals, [3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(t.minor, []);
  });
  it("a narrow range, 2 to 2.5: no two digits inside, so evenly spaced steps of 0.1 (steps of 0.05 give 11, too many)", () => {
    const t = logTicks(2, 2.5);
    assert.deepEqual(t.tickvals, [2, 2.1, 2.2, 2.3, 2.4, 2.5]);
    assert.deepEqual(t.ticktext, ["2", "2.1", "2.2", "2.3", "2.4", "2.5"]);
    assert.deepEqual(t.minor, []);
  });
  it("1e-20 to 1e20: 41 decades, thinned to every fifth (9 ticks); no minor ticks beyond 6 decades", () => {
    const t = logTicks(1e-20, 1e20);
    assert.deepEqual(t.tickvals, [-20, -15, -10, -5, 0, 5, 10, 15, 20].map((e) => Number((10 ** e).toPrecision(12))));
    assert.deepEqual(t.ticktext, [-20, -15, -10, -5, 0, 5, 10, 15, 20].map(sup));
    assert.deepEqual(t.minor, []);
    // Six decades still get minor ticks (the digits not labelled), seven do not.
    assert.ok(logTicks(1, 1e6).minor.includes(2));
    assert.deepEqual(logTicks(1, 1e7).minor, []);
  });
  it("the edges: a value a hair inside a decade counts as that decade's tick", () => {
    // 0.1 × (1 + 1e-12) is 0.1 to 12 digits: the tick 0.1 is kept at the low end.
    assert.equal(logTicks(0.1 * (1 + 1e-12), 10).tickvals[0], 0.1);
    assert.equal(logTicks(0.1, 10 * (1 - 1e-12)).tickvals.at(-1), 10);
  });
  it("refuses lo ≤ 0, hi < lo and an infinite hi, with both values", () => {
    for (const [lo, hi] of [[0, 1], [2, 1], [1, Infinity], [-1, 5]]) {
      assert.throws(() => logTicks(lo, hi), { message: `logTicks: need 0 < lo <= hi, got lo = ${lo}, hi = ${hi}` });
    }
  });
});

describe("figure, case by case", () => {
  it("refuses an empty title or axis label and a figure without traces, naming which", () => {
    const t = [lineTrace([1], [1], "a")];
    assert.throws(() => figure({ title: " ", x: "x", y: "y" }, t), { message: "figure: the title is empty; every course figure is titled and labelled" });
    assert.throws(() => figure({ title: "T", x: "", y: "y" }, t), { message: "figure: the x-axis label is empty; every course figure is titled and labelled" });
    assert.throws(() => figure({ title: "T", x: "x", y: "  " }, t), { message: "figure: the y-axis label is empty; every course figure is titled and labelled" });
    assert.throws(() => figure({ title: "T", x: "x", y: "y" }, []), { message: 'figure "T": no traces to draw' });
  });
  it("a log y axis takes its ticks from the positive, finite y values of the traces on it only", () => {
    // On y: 1 and 1000 (0, −5, NaN, Infinity and a string are not positive finite numbers); on y2: 1e-6.
    const data = [
      lineTrace([0, 1, 2, 3, 4], [1, 0, -5, NaN, 1000], "a"),
      { type: "scatter", name: "b", x: [0, 1], y: [Infinity, "9e9" as unknown as number] },
      { ...lineTrace([0], [1e-6], "c"), yaxis: "y2" },
    ];
    const f = figure({ title: "T", x: "x", y: "y" }, data, { yaxis: { type: "log" } });
    assert.deepEqual((f.layout.yaxis as { tickvals: number[] }).tickvals, [1, 3, 10, 30, 100, 300, 1000]);
  });
  it("a log axis's range (in decades) wins over the data, in either order", () => {
    for (const range of [[0, 3], [3, 0]]) {
      const f = figure({ title: "T", x: "x", y: "y" }, [lineTrace([1, 2], [5, 6], "a")], { yaxis: { type: "log", range } });
      assert.deepEqual((f.layout.yaxis as { tickvals: number[] }).tickvals, [1, 3, 10, 30, 100, 300, 1000]);
    }
  });
  it("only keys of the form xaxis/yaxis + digits are axes; a log axis with no positive data is left alone", () => {
    const f = figure({ title: "T", x: "x", y: "y" }, [lineTrace([1, 1000], [1, 2], "a")], {
      xaxis: { type: "log" }, myxaxis: { type: "log" }, yaxis2x: { type: "log" }, yaxis3: { type: "log" },
    });
    assert.deepEqual((f.layout.xaxis as { tickvals: number[] }).tickvals, [1, 3, 10, 30, 100, 300, 1000]);
    assert.deepEqual(f.layout.myxaxis, { type: "log" });
    assert.deepEqual(f.layout.yaxis2x, { type: "log" });
    assert.deepEqual(f.layout.yaxis3, { type: "log" }, "no trace on y3");
  });
  it("the minor ticks go into the axis as plotly's minor array; none when there are none", () => {
    const f = figure({ title: "T", x: "x", y: "y" }, [lineTrace([1, 2], [2, 2.5], "a")], { yaxis: { type: "log" } });
    assert.equal((f.layout.yaxis as Record<string, unknown>).minor, undefined);
    const g = figure({ title: "T", x: "x", y: "y" }, [lineTrace([1, 2], [1, 1000], "a")], { yaxis: { type: "log" } });
    assert.deepEqual((g.layout.yaxis as { minor: Record<string, unknown> }).minor, { tickmode: "array", tickvals: logTicks(1, 1000).minor, ticks: "outside", ticklen: 3, showgrid: false });
  });
  it("height: 380 alone; with a legend 380 + 30 + 20 per row, a row holding names up to 700 px (40 + 7 per character)", () => {
    const one = figure({ title: "T", x: "x", y: "y" }, [lineTrace([1], [1], "a")]);
    assert.equal(one.layout.height, 380);
    // Two short names: one row. 40 + 7·1 = 47 px each.
    assert.equal(figure({ title: "T", x: "x", y: "y" }, [lineTrace([1], [1], "a"), lineTrace([1], [1], "b")]).layout.height, 430);
    // Names of 60 characters take 40 + 420 = 460 px: two do not fit in 700 px, so 3 names make 3 rows.
    const long = (c: string) => lineTrace([1], [1], c.repeat(60));
    assert.equal(figure({ title: "T", x: "x", y: "y" }, [long("a"), long("b"), long("c")]).layout.height, 380 + 30 + 60);
    // A trace without a name counts as 40 px; a heatmap is not in the legend.
    const unnamed = { type: "scatter", x: [1], y: [1] };
    assert.equal(figure({ title: "T", x: "x", y: "y" }, [unnamed, lineTrace([1], [1], "b"), heatmapTrace([[1]], "h")]).layout.height, 430);
  });
});

describe("plot.ts, the survivors of the second mutation run", () => {
  const L = { title: "T", x: "x", y: "y" };
  const line = (name: string, extra = {}) => lineTrace([1, 2], [1, 100], name, extra);
  it("scatterTrace: plotly's scatter type in markers mode, small translucent markers", () => {
    assert.deepEqual(scatterTrace([1], [2], "p"), { type: "scatter", mode: "markers", name: "p", x: [1], y: [2], marker: { size: 3, opacity: 0.4 } });
  });
  it("labels that would coincide at 6 digits (1.0000001 to 1.0000005: all \"1\") are given 12, each reading as its value", () => {
    const { tickvals, ticktext } = logTicks(1.0000001, 1.0000005);
    assert.ok(tickvals.length >= 2 && tickvals.length <= 9, ticktext.join(" "));
    assert.equal(new Set(ticktext).size, ticktext.length, ticktext.join(" "));
    ticktext.forEach((t, i) => assert.equal(Number(t), tickvals[i]));
  });
  it("powers of ten start below 0.001 and above 10,000, not at them; two ticks are enough when two fit", () => {
    assert.equal(logTicks(0.001, 0.01).ticktext[0], "0.001");
    assert.equal(logTicks(1000, 10000).ticktext.at(-1), "10,000");
    assert.deepEqual(logTicks(1, 2.5).tickvals, [1, 2]);
  });
  it("figure: the title as plotly's object, fixed margins, tickmode array", () => {
    const f = figure(L, [line("a")], { yaxis: { type: "log" } });
    assert.deepEqual(f.layout.title, { text: "T" });
    assert.deepEqual(f.layout.margin, { l: 60, r: 20, t: 50, b: 50 });
    assert.equal((f.layout.yaxis as { tickmode: string }).tickmode, "array");
  });
  it("a log axis: traces without y values are skipped, a key that only starts like an axis is not one, a range must have two ends, own tickvals are kept", () => {
    const f = figure(L, [line("a"), heatmapTrace([[1, 2]], "h")], { yaxis: { type: "log" }, yaxis_notes: { type: "log" } });
    // 1 to 100: every digit gives 19 ticks, 1, 2, 3, 5, 7 gives 11, 1, 2, 5 gives 7 that fit.
    assert.deepEqual((f.layout.yaxis as { tickvals: number[] }).tickvals, [1, 2, 5, 10, 20, 50, 100]);
    assert.deepEqual(f.layout.yaxis_notes, { type: "log" });
    const oneEnd = figure(L, [line("a")], { yaxis: { type: "log", range: [5] } });
    assert.deepEqual((oneEnd.layout.yaxis as { tickvals: number[] }).tickvals, [1, 2, 5, 10, 20, 50, 100], "from the data");
    const own = figure(L, [line("a")], { yaxis: { type: "log", tickvals: [1, 100] } });
    assert.equal((own.layout.yaxis as Record<string, unknown>).ticktext, undefined);
  });
  it("the legend: showlegend true brings in a heatmap, false takes out a line; contours, 2-D histograms and surfaces stay out", () => {
    const h = (type: string) => ({ type, name: type, z: [[1]] });
    assert.equal(figure(L, [line("a"), { ...heatmapTrace([[1]], "h"), showlegend: true }]).layout.height, 430);
    assert.equal(figure(L, [line("a"), line("b", { showlegend: false })]).layout.height, 380);
    assert.equal(figure(L, [line("a"), h("contour"), h("histogram2d"), h("surface")]).layout.height, 380);
  });
  it("legend rows: only legend entries take room; an unnamed one 40 px; a first name wider than 700 px starts no new row; exactly 700 px fits", () => {
    const n = (k: number, c = "a") => c.repeat(k);
    // 460 + 460 > 700: two rows; the heatmap between them takes no room (else three).
    assert.equal(figure(L, [line(n(60)), heatmapTrace([[1]], n(60, "h"), { showlegend: false }), line(n(60, "b"))]).layout.height, 380 + 30 + 40);
    // 40 (no name) + 635 (85 characters) = 675 ≤ 700: one row.
    assert.equal(figure(L, [{ type: "scatter", x: [1], y: [1] }, line(n(85))]).layout.height, 430);
    // 740 alone on the first row, then 47 on a second: two rows.
    assert.equal(figure(L, [line(n(100)), line("b")]).layout.height, 450);
    // Seven names of 9, 9, 9, 9, 9, 9 and 6 characters: 7·40 + 7·60 = 700 px, one row.
    const seven = [9, 9, 9, 9, 9, 9, 6].map((k, i) => line(n(k, String.fromCharCode(97 + i))));
    assert.equal(figure(L, seven).layout.height, 430);
  });
});
