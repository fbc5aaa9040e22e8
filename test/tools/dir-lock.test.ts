// tools/lib/dir-lock.ts: holders take turns; a lock left by a killed process is taken over once stale;
// a live one is waited for, and the wait's end is a clear error naming the work and the lock.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { withLock } from "../../tools/lib/dir-lock";

const made: string[] = [];
const tmpLock = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), "nn-lock-")); made.push(d); return path.join(d, "work.lock"); };
after(() => { for (const d of made) fs.rmSync(d, { recursive: true, force: true }); });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("withLock", () => {
  it("runs holders one at a time, in turn, and removes the lock after", async () => {
    const lock = tmpLock();
    const log: string[] = [];
    const holder = (name: string) => withLock(lock, name, async () => { log.push(`${name} in`); await sleep(150); log.push(`${name} out`); return name; }, { pollMs: 20 });
    const got = await Promise.all([holder("a"), holder("b")]);
    assert.deepEqual(got, ["a", "b"]);
    assert.deepEqual(log.filter((_, i) => i % 2 === 0).map((x) => x.split(" ")[0]), log.filter((_, i) => i % 2 === 1).map((x) => x.split(" ")[0]), `overlapped: ${log.join(", ")}`);
    assert.ok(!fs.existsSync(lock));
  });

  it("releases the lock when the work throws", async () => {
    const lock = tmpLock();
    await assert.rejects(withLock(lock, "w", () => { throw new Error("boom"); }), /boom/);
    assert.ok(!fs.existsSync(lock));
  });

  it("takes over a lock left by a killed process (not refreshed for 10 min)", async () => {
    const lock = tmpLock();
    fs.mkdirSync(lock);
    const old = new Date(Date.now() - 10 * 60 * 1000);
    fs.utimesSync(lock, old, old);
    assert.equal(await withLock(lock, "w", () => 42, { waitMs: 2000 }), 42);
  });

  it("waits for a live lock, and says what it waited for when the wait runs out", async () => {
    const lock = tmpLock();
    fs.mkdirSync(lock); // fresh: another process holds it
    await assert.rejects(withLock(lock, "building the site", () => 1, { waitMs: 600, pollMs: 100 }),
      (e: Error) => e.message.startsWith(`building the site: waited 1 s for the lock ${lock}`) && /remove it if nothing else is running/.test(e.message));
  });
});
