import { test } from "node:test";
import assert from "node:assert/strict";
import { CpuWatchdog } from "./cpu-watchdog.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("the watchdog fires when the sandbox burns CPU without pause past its budget", async () => {
  let cpuMs = 0;
  const started = performance.now();
  let fired = 0;
  const watchdog = new CpuWatchdog({ readCpuMs: () => (cpuMs = performance.now() - started), budgetMs: 50, onRunaway: () => fired++ });
  const finished = watchdog.watch();
  await sleep(150);
  assert.equal(fired, 1);
  finished();
  assert.ok(cpuMs > 0);
});

test("the watchdog leaves alone a sandbox that is idle (awaiting the host) or keeps finishing calls", async () => {
  let fired = 0;
  const idle = new CpuWatchdog({ readCpuMs: () => 0, budgetMs: 20, onRunaway: () => fired++ });
  const idleCall = idle.watch();
  await sleep(100);
  idleCall();

  const started = performance.now();
  const busy = new CpuWatchdog({ readCpuMs: () => performance.now() - started, budgetMs: 40, onRunaway: () => fired++ });
  // Calls back to back: the sandbox never idles, but each call finishes well within the budget.
  let finishPrevious = busy.watch();
  for (let i = 0; i < 10; i++) {
    await sleep(10);
    const next = busy.watch();
    finishPrevious();
    finishPrevious = next;
  }
  finishPrevious();
  assert.equal(fired, 0);
});
