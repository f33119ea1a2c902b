// Small helpers for the bench: timing, rates and a uniform printed line.
import { cpus } from "node:os";

export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const figures: Figure[] = [];

export function record(figure: Figure): void {
  figures.push(figure);
  const value = figure.value >= 100 ? Math.round(figure.value).toLocaleString("en-US") : figure.value.toFixed(2);
  console.log(`${figure.section.padEnd(10)} ${figure.name.padEnd(52)} ${value.padStart(12)} ${figure.unit}${figure.note ? `  (${figure.note})` : ""}`);
}

export function allFigures(): readonly Figure[] {
  return figures;
}

/** Runs `work` `iterations` times after one warm-up and returns the best per-second rate of `units` per call. */
export function bestRate(units: number, iterations: number, work: (iteration: number) => void): number {
  work(-1);
  let best = 0;
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint();
    work(i);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    best = Math.max(best, units / seconds);
  }
  return best;
}

/** The middle value (the upper one of an even count). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown cpu";
  return `${cpus().length} x ${cpu.trim()}, Node ${process.version}`;
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
