// Debian's Chromium, headless, driven by playwright-core (never a downloaded browser): its old headless
// shell (the Debian package chromium-headless-shell), which is what Playwright itself runs for headless
// work. The same Blink and V8 as the full browser without its UI: the browser tests took ~25 % less CPU
// in it than in `chromium --headless` (bench/FINDINGS.md). NN_CHROMIUM picks another binary.
import * as fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.NN_CHROMIUM ?? "/usr/bin/chromium-headless-shell";

/** Flags measured to work here: no sandbox as root, no GPU, no background network chatter. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run npm run setup (installs Debian's chromium-headless-shell), or set NN_CHROMIUM to a Chromium binary`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
    // playwright gives every launch a fresh temporary profile of its own.
  });
}
