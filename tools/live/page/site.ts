// What the live page uses of assets/site.js (window.nnSite): its script loader (one load per file,
// relative to the site's root) and its figure drawing and formula fitting, applied to new outputs.
export interface SiteHooks {
  load(src: string): Promise<void>;
  /** Draws every figure in `el` (plotly loads once, as for the build's figures). */
  drawIn(el: Element): void;
  /** Shrinks wide formulas to fit, as on page load. */
  fit(): void;
}

declare global {
  interface Window { nnSite?: SiteHooks }
}

export function siteHooks(): SiteHooks {
  if (!window.nnSite) throw new Error("assets/site.js is not loaded");
  return window.nnSite;
}

export const loadScript = (src: string) => siteHooks().load(src);
