/** Time source, injectable so that windows, staleness and schedules are testable without sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number | string = "2026-01-01T00:00:00.000Z") {
    this.#now = typeof start === "number" ? start : Date.parse(start);
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  set(at: number | string): void {
    this.#now = typeof at === "number" ? at : Date.parse(at);
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
