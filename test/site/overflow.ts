// What sticks out of a page in Chromium: the page itself wider than the window, and each element
// whose content is wider than its box. A box that scrolls sideways on its own (overflow-x auto or
// scroll) is allowed on a phone; at desktop width it still counts as "needs sideways scrolling".
import type { Page } from "playwright-core";

export interface Overflow {
  /** document.documentElement.scrollWidth − innerWidth (> 0: the page scrolls sideways). */
  pageExcess: number;
  /** Elements whose content is wider than their box and not scrollable: content cut off or sticking out. */
  cut: string[];
  /** Elements that scroll sideways in their own box. */
  scrolling: string[];
}

/** Measure the page as it is now (figures and fonts as drawn). */
export async function measureOverflow(tab: Page): Promise<Overflow> {
  // A string, not a function: tsx's helpers (__name) do not exist in the page.
  return tab.evaluate(`(() => {${IN_PAGE}})()`) as Promise<Overflow>;
}

const IN_PAGE = String.raw`
    const describe = (el) => {
      const cls = typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).slice(0, 2).join(".") : "";
      const near = el.closest("[id]");
      const text = (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 50);
      return el.tagName.toLowerCase() + cls + " (" + el.scrollWidth + ">" + el.clientWidth + "px)" + (near ? " in #" + near.id : "") + ": " + text;
    };
    const cut = [];
    const scrolling = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      // Plotly lays out its own SVG inside the figure box; the box itself is measured.
      if (el.closest(".js-plotly-plot") && !el.classList.contains("js-plotly-plot")) continue;
      // KaTeX's MathML copy and visually hidden labels are for screen readers, clipped on screen by design.
      if (el.closest(".katex-mathml, .visually-hidden")) continue;
      if (el instanceof SVGElement || el.tagName === "SCRIPT" || el.tagName === "STYLE") continue;
      const cs = getComputedStyle(el);
      // Inside a box that scrolls on its own, content may be wider: that box is what is measured.
      let up = el.parentElement, inScroller = false;
      while (up && up !== document.body) {
        const ox = getComputedStyle(up).overflowX;
        if (ox === "auto" || ox === "scroll") { inScroller = true; break; }
        up = up.parentElement;
      }
      if (inScroller) continue;
      if (cs.display === "inline" || cs.display === "none" || cs.display === "contents") continue;
      // Up to 2 px: KaTeX's subscripts and a box's own border overhang by a pixel or two, unseen.
      if (el.scrollWidth <= el.clientWidth + 2 || el.clientWidth === 0) continue;
      if (cs.overflowX === "auto" || cs.overflowX === "scroll") scrolling.push(describe(el));
      else cut.push(describe(el));
    }
    return { pageExcess: Math.max(0, document.documentElement.scrollWidth - window.innerWidth), cut, scrolling };
`;
