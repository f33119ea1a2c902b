import { hostError } from "../../errors.ts";
import { sanitizeError } from "./broker-error.ts";
import type { CallBudget } from "./call-budget.ts";
import type { Redactor } from "./redactor.ts";
import type { StatsRecorder } from "./stats.ts";
import type { BrokerPermission } from "./types.ts";

export type NetworkCapability = "http" | "snmp" | "ssh";

/**
 * The one entrance of every network call: refuses after close, without the
 * manifest permission or over the poll's budget; counts the call; and turns any
 * failure into a redacted OcError.
 */
export class CallGate {
  readonly #permissions: ReadonlySet<BrokerPermission>;
  readonly #budget: CallBudget;
  readonly #stats: StatsRecorder;
  readonly #redactor: Redactor;
  #closed = false;

  constructor(permissions: Iterable<BrokerPermission>, budget: CallBudget, stats: StatsRecorder, redactor: Redactor) {
    this.#permissions = new Set(permissions);
    this.#budget = budget;
    this.#stats = stats;
    this.#redactor = redactor;
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    this.#closed = true;
  }

  /** Throws BROKER_CLOSED once the instance stopped. */
  assertOpen(what: string): void {
    if (this.#closed) throw hostError("BROKER_CLOSED", `${what} refused: this connector instance has been stopped`);
  }

  async run<T>(capability: NetworkCapability, call: () => Promise<T>): Promise<T> {
    this.#stats.call(capability);
    try {
      this.assertOpen(`ctx.${capability}`);
      if (!this.#permissions.has(capability)) {
        throw hostError("BROKER_PERMISSION_DENIED", `this addon's manifest does not request the '${capability}' permission`);
      }
      this.#budget.consume(`ctx.${capability}`);
      return await call();
    } catch (error) {
      this.#stats.error(capability);
      // A call cut short by close() reports the close, not the socket error it caused.
      if (this.#closed) throw hostError("BROKER_CLOSED", `ctx.${capability} call ended: this connector instance has been stopped`);
      throw sanitizeError(error, this.#redactor, fallbackCodeOf(capability));
    }
  }
}

function fallbackCodeOf(capability: NetworkCapability) {
  return capability === "http" ? "BROKER_HTTP_FAILED" as const
    : capability === "snmp" ? "BROKER_SNMP_ERROR" as const
    : "BROKER_SSH_ERROR" as const;
}
