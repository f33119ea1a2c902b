/**
 * Runs async operations one at a time, in call order: addon lifecycle steps (install,
 * upgrade, enable, disable, rollback, uninstall) touch the same files, rows and runtime
 * instances, so they never interleave.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(operation, operation);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
