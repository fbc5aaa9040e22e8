// The live lesson page (assets/live/live.js, loaded by assets/site.js on the first Run): runs the
// page's code cells in a worker (tools/live/worker/) and renders their outputs with the build's own
// renderer (tools/site/outputs.ts). The build's outputs stay until their cell is run.
//
// Testing hook (issue 15): button[data-action="run-all"]; each cell's live output goes into its
// .cell-output; document.documentElement.dataset.run is "running", then "done" or "error".
import type { IOutput } from "@jupyterlab/nbformat";
import { type FromWorker, needsMath } from "../protocol";
import { escapeHtml, outputHtml } from "../../site/outputs";
import { codeCells, isEdited } from "./cells";
import { compiledFor, editCell } from "./edit";
import { loadScript, siteHooks } from "./site";
import { startStatus, type Status } from "./status";
import { formatDiagnostics, typesBeforeRun } from "./types";

declare global {
  interface Window { NN_LIVE_WORKER?: string; NN_LIVE_MATH_SRC?: string; NN_HOUSING_CSV?: string; NNLive?: { action(button: HTMLElement): void } }
}

const root = document.documentElement;
const article = document.querySelector<HTMLElement>("article[data-live]");
const cells = codeCells();
const numberOf = (el: HTMLElement) => Number(el.dataset.cell);

let worker: Worker | null = null;
let ran = new Set<number>();
let housingSent = false;
let mathSent = false;
let busy = false;
let waiting: { cell: number; settle: (ok: boolean) => void; out: HTMLElement; stream: HTMLElement | null; streamName: string } | null = null;

async function newWorker(): Promise<Worker> {
  worker?.terminate();
  await loadScript("assets/live/worker.js");
  const url = URL.createObjectURL(new Blob([window.NN_LIVE_WORKER ?? ""], { type: "text/javascript" }));
  // From a Blob URL: Chromium refuses a worker script fetched from file://, not one made in the page.
  const w = new Worker(url);
  URL.revokeObjectURL(url);
  w.onmessage = (ev: MessageEvent<FromWorker>) => onMessage(ev.data);
  w.onerror = (ev) => { ev.preventDefault(); finish(false, `the worker failed: ${ev.message}`); };
  ran = new Set();
  housingSent = false;
  mathSent = false;
  return (worker = w);
}

function append(o: IOutput): void {
  if (!waiting) return;
  const w = waiting;
  if (o.output_type === "stream" && w.stream && w.streamName === o.name) {
    w.stream.textContent += String(o.text); // consecutive console.log lines: one block, as the build shows them
    return;
  }
  const tpl = document.createElement("template");
  tpl.innerHTML = outputHtml(o);
  const added = Array.from(tpl.content.children) as HTMLElement[];
  w.out.append(tpl.content);
  w.stream = o.output_type === "stream" ? added[0] ?? null : null;
  w.streamName = o.output_type === "stream" ? String(o.name) : "";
  for (const el of added) siteHooks().drawIn(el);
}

function showError(cellEl: HTMLElement, out: HTMLElement, name: string, message: string, line: number | null): void {
  const where = `cell ${numberOf(cellEl) + 1}${line ? `, line ${line}` : ""}`;
  const pre = document.createElement("pre");
  pre.className = "out stderr live-error";
  pre.setAttribute("role", "alert");
  pre.textContent = `${name}: ${message}\n    at ${where}`;
  out.append(pre);
  const lines = cellEl.querySelectorAll("pre.code .ln");
  if (line && lines[line - 1]) lines[line - 1].classList.add("error-line");
}

function finish(ok: boolean, why?: string): void {
  const w = waiting;
  if (!w) return;
  waiting = null;
  if (why) showError(cells.find((c) => numberOf(c) === w.cell)!, w.out, "Error", why, null);
  w.settle(ok);
}

function onMessage(m: FromWorker): void {
  if (!waiting || m.cell !== waiting.cell) return;
  if (m.type === "output") append(m.output);
  else if (m.type === "done") { ran.add(m.cell); finish(true); }
  else {
    showError(cells.find((c) => numberOf(c) === m.cell)!, waiting.out, m.name, m.message, m.line);
    finish(false);
  }
}

/** Runs one cell in the current worker; resolves true when it ran without error. */
async function runOne(cellEl: HTMLElement, status: Status): Promise<boolean> {
  const k = numberOf(cellEl);
  const out = cellEl.querySelector<HTMLElement>(".cell-output")!;
  out.innerHTML = ""; // the build's outputs go when the cell is run
  out.classList.add("live");
  cellEl.querySelectorAll(".error-line").forEach((l) => l.classList.remove("error-line"));
  cellEl.classList.add("running");
  status.cell(cells.indexOf(cellEl) + 1, cells.length, k + 1);
  try {
    const compiled = await compiledFor(cellEl);
    if ("error" in compiled) {
      showError(cellEl, out, "SyntaxError", compiled.error, compiled.line);
      return false;
    }
    if (isEdited(cellEl)) {
      const types = await typesBeforeRun(cellEl);
      if (types.errors.length) {
        showError(cellEl, out, "TypeScript", `not run: tslab does not run a cell with type errors\n${formatDiagnostics(types.errors)}`, types.errors[0].line);
        return false;
      }
      if (types.unchecked) out.insertAdjacentHTML("beforeend", `<pre class="out type-pending">${escapeHtml(types.unchecked)}</pre>`);
    }
    if (!mathSent && needsMath(compiled.js)) {
      await loadScript("assets/live/mathjs.js");
      worker!.postMessage({ type: "math", source: window.NN_LIVE_MATH_SRC ?? "" });
      mathSent = true;
    }
    if (!housingSent && /\bloadHousing\b/.test(compiled.js)) {
      await loadScript("assets/live/housing-data.js");
      worker!.postMessage({ type: "data", housingCsv: window.NN_HOUSING_CSV ?? "" });
      housingSent = true;
    }
    return await new Promise<boolean>((settle) => {
      waiting = { cell: k, settle, out, stream: null, streamName: "" };
      worker!.postMessage({ type: "run", cell: k, js: compiled.js, declared: compiled.declared });
    });
  } finally {
    cellEl.classList.remove("running");
    siteHooks().fit();
  }
}

async function runCells(list: HTMLElement[], fresh: boolean): Promise<boolean> {
  const status = startStatus(list.length);
  if (fresh || !worker) await newWorker();
  let ok = true;
  for (const c of list) {
    if (!(ok = await runOne(c, status))) break;
  }
  status.end(ok);
  return ok;
}

async function action(button: HTMLElement): Promise<void> {
  const what = button.dataset.action;
  if (what === "stop") {
    worker?.terminate();
    worker = null;
    finish(false, "stopped: the lesson's variables are gone; Run all starts again from the top");
    return;
  }
  const cellEl = button.closest<HTMLElement>("div.cell.code[data-cell]");
  if (what === "edit" && cellEl) { await editCell(cellEl, () => void action(cellEl.querySelector<HTMLElement>('[data-action="run"]')!)); return; }
  if (busy) return;
  busy = true;
  try {
    if (what === "run-all") {
      root.dataset.run = "running";
      const t0 = performance.now();
      const ok = await runCells(cells, true);
      root.dataset.runMs = String(Math.round(performance.now() - t0));
      root.dataset.run = ok ? "done" : "error";
    } else if (what === "run" && cellEl) {
      // Cells above not yet run in this worker run first, so that their names exist (tslab would say "not defined").
      if (!worker) await newWorker(); // after Stop: a fresh scope, so the cells above run again
      const i = cells.indexOf(cellEl);
      const todo = cells.slice(0, i).filter((c) => !ran.has(numberOf(c)));
      await runCells([...todo, cellEl], false);
    }
  } catch (e) {
    root.dataset.run = "error";
    article?.insertAdjacentHTML("afterbegin", `<pre class="out stderr live-error" role="alert">${escapeHtml(String(e))}</pre>`);
  } finally {
    busy = false;
  }
}

window.NNLive = { action: (b) => void action(b) };
