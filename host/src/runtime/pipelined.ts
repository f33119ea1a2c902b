/**
 * Runs `count` steps, up to `ahead` of them in flight at once (the sandbox, on its own
 * thread, works on the next steps while the host checks this one), and hands each settled
 * step to `consume` strictly in order, awaiting it before the next. A rejected step is
 * handed over too, never thrown here: `consume` decides. When `consume` throws, no further
 * step is launched and the run fails with that error.
 */
export async function pipelined<T>(
  count: number,
  ahead: number,
  launch: (index: number) => Promise<T>,
  consume: (index: number, settled: PromiseSettledResult<T>) => void | Promise<void>,
): Promise<void> {
  const inFlight: Array<Promise<PromiseSettledResult<T>>> = [];
  let next = 0;
  const start = () => {
    const index = next++;
    let step: Promise<T>;
    try {
      step = launch(index);
    } catch (error) {
      step = Promise.reject(error);
    }
    inFlight.push(step.then((value) => ({ status: "fulfilled", value }), (reason: unknown) => ({ status: "rejected", reason })));
  };
  while (inFlight.length < ahead && next < count) start();
  for (let index = 0; index < count; index++) {
    const settled = await inFlight.shift()!;
    if (next < count) start();
    await consume(index, settled);
  }
}
