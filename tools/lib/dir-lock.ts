// One process at a time over a piece of work shared between processes (two test files wanting the same
// site built, a course build and a test executing the same lessons): proper-lockfile's lock, a folder
// made atomically whose time the holder refreshes, so that a lock left behind by a killed process is
// taken over once it is stale, and a live holder busy for a long time is not mistaken for a dead one.
import * as lockfile from "proper-lockfile";

/** Stale after this long without a refresh (the holder refreshes every STALE_MS / 4; a synchronous
 * site build can hold the event loop for tens of seconds on a loaded machine, so it is generous). */
const STALE_MS = 5 * 60 * 1000;

/**
 * Runs `fn` holding the lock at `lockPath` (a path that need not exist; the lock is made there), waiting
 * up to `waitMs` for another holder. `what` names the work in the error when the wait runs out.
 */
export async function withLock<T>(lockPath: string, what: string, fn: () => Promise<T> | T, opts: { waitMs?: number; pollMs?: number } = {}): Promise<T> {
  const waitMs = opts.waitMs ?? 30 * 60 * 1000;
  const pollMs = opts.pollMs ?? 500;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(lockPath, {
      lockfilePath: lockPath, realpath: false, stale: STALE_MS, update: STALE_MS / 4,
      retries: { retries: Math.ceil(waitMs / pollMs), factor: 1, minTimeout: pollMs, maxTimeout: pollMs },
      // Another process took the lock over (ours went stale): it does the same work into the same
      // place, written whole, so say so and go on rather than throw from a timer.
      onCompromised: (e) => console.error(`${what}: the lock ${lockPath} was taken over (${e.message})`),
    });
  } catch (e) {
    throw new Error(`${what}: waited ${Math.round(waitMs / 1000)} s for the lock ${lockPath} (${(e as Error).message}); remove it if nothing else is running`);
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => { /* already released or taken over */ });
  }
}
