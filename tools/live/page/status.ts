// The live bar's progress line ("Running cell 3 of 24 · 2.1 s") and its Stop button, updated from the
// page's own timer: the cells run in a worker, so the page keeps drawing while a lesson trains.
export interface Status {
  cell(i: number, n: number, notebookCell: number): void;
  end(ok: boolean): void;
}

export function startStatus(n: number): Status {
  const el = document.querySelector<HTMLElement>(".live-status");
  const stop = document.querySelector<HTMLElement>('[data-action="stop"]');
  const t0 = performance.now();
  let text = "";
  const seconds = () => ((performance.now() - t0) / 1000).toFixed(1);
  const paint = () => { if (el) el.textContent = `${text} · ${seconds()} s`; };
  const timer = setInterval(paint, 250);
  if (stop) stop.hidden = false;
  return {
    cell(i, total, k) {
      text = `Running cell ${i} of ${total} (notebook cell ${k})`;
      paint();
    },
    end(ok) {
      clearInterval(timer);
      if (stop) stop.hidden = true;
      if (el) el.textContent = ok ? `Ran ${n} cell${n === 1 ? "" : "s"} in ${seconds()} s` : `Stopped at an error after ${seconds()} s`;
    },
  };
}
