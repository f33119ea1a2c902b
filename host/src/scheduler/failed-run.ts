import { OcError } from "@opsconductor/sdk";
import type { JsonValue } from "./types.ts";

/**
 * Thrown by a job handler whose run failed although it did work worth showing: the run
 * is recorded as failed with this code and message, and keeps `result` (for example a
 * poll that reached none of its targets, with its per-target counts).
 */
export class FailedRunWithResult extends OcError {
  readonly result: JsonValue;

  constructor(code: string, message: string, result: JsonValue) {
    super(code, message);
    this.name = "FailedRunWithResult";
    this.result = result;
  }
}
