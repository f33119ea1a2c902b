import type { OcError } from "@opsconductor/sdk";
import { Turns, type Turn } from "../../util/turns.ts";

/**
 * Calls to one target take turns: up to `perTarget` run at once and the rest wait in arrival
 * order (util/turns.ts), as HTTP's requests queue in the target's 4-connection pool. A wait
 * lasts at most `waitMs` (the call's time limit), past which the call fails with
 * `waitedTooLong()`; `close()` ends every wait (the gate reports BROKER_CLOSED).
 * Key it by a target id already checked: one per id is kept for the instance's life.
 */
export class TargetTurns {
  readonly #perTarget: number;
  readonly #waitMs: number;
  readonly #waitedTooLong: (targetId: string) => OcError;
  readonly #byTarget = new Map<string, Turns>();
  readonly #waits = new Set<(error: Error) => void>();
  #closed = false;

  constructor(perTarget: number, waitMs: number, waitedTooLong: (targetId: string) => OcError) {
    this.#perTarget = perTarget;
    this.#waitMs = waitMs;
    this.#waitedTooLong = waitedTooLong;
  }

  /** Runs `work` in a turn at `targetId`. */
  async run<T>(targetId: string, work: () => Promise<T>): Promise<T> {
    let turns = this.#byTarget.get(targetId);
    if (!turns) this.#byTarget.set(targetId, (turns = new Turns(this.#perTarget)));
    const turn = turns.take();
    try {
      await this.#given(turn, targetId);
      return await work();
    } finally {
      turn.release();
    }
  }

  close(): void {
    this.#closed = true;
    const ended = new Error("closed while waiting for a turn");
    for (const end of [...this.#waits]) end(ended);
  }

  #given(turn: Turn, targetId: string): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("closed"));
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        clearTimeout(timer);
        this.#waits.delete(settle);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => settle(this.#waitedTooLong(targetId)), this.#waitMs);
      this.#waits.add(settle);
      void turn.ready.then(() => settle());
    });
  }
}
