import { hostError } from "../errors.ts";

export interface DeliveryGateLimits {
  /** Deliveries of one addon inside its sandbox at once (its isolate runs one call at a time anyway). */
  sandboxConcurrency: number;
  /** Deliveries of one connector instance admitted at once, in the sandbox, waiting or still uploading. */
  perInstance: number;
  /** What a refused sender is told to wait (Retry-After). */
  retryAfterSeconds: number;
}

export const DEFAULT_DELIVERY_LIMITS: DeliveryGateLimits = { sandboxConcurrency: 4, perInstance: 32, retryAfterSeconds: 1 };

/** What an instance's webhook is doing, for its connector record. */
export interface WebhookLoad {
  /** Deliveries admitted now: uploading, waiting for the sandbox or in it. */
  in_progress: number;
  /** Deliveries refused as busy (WEBHOOK_BUSY) since the daemon started. */
  refused_busy: number;
}

/** A delivery's place: wait for its turn in the sandbox, and leave (always) when done. */
export interface Admission {
  /** Resolves when the delivery may enter the sandbox (others of its addon wait in arrival order). */
  turn(): Promise<void>;
  /** Gives the place (and the sandbox slot, if it had its turn) to the next delivery. Idempotent. */
  leave(): void;
}

interface AddonLine {
  inSandbox: number;
  waiting: Array<() => void>;
}

/**
 * Admission of webhook deliveries. A delivery's events stay in the addon's sandbox from its
 * `receive` until they are normalized, and an addon's instances share one isolate and its
 * memory limit: a flood of concurrent deliveries, let in all at once, blew that limit and
 * failed every delivery in flight with it. So each addon has a few deliveries in its sandbox
 * at a time, the rest wait in arrival order; and each instance may have only so many
 * admitted: one more is refused at once (WEBHOOK_BUSY, 503 with Retry-After), before its body
 * is read, so a flood costs neither the sandbox nor the host's memory, and a sender whose
 * delivery was refused knows to send it again.
 */
export class DeliveryGate {
  readonly #limits: DeliveryGateLimits;
  readonly #lines = new Map<string, AddonLine>();
  readonly #admitted = new Map<string, number>();
  readonly #refused = new Map<string, number>();

  constructor(limits: Partial<DeliveryGateLimits> = {}) {
    this.#limits = { ...DEFAULT_DELIVERY_LIMITS, ...limits };
  }

  load(instanceId: string): WebhookLoad {
    return { in_progress: this.#admitted.get(instanceId) ?? 0, refused_busy: this.#refused.get(instanceId) ?? 0 };
  }

  /** Forgets a deleted instance's refusals. */
  forget(instanceId: string): void {
    this.#refused.delete(instanceId);
  }

  /** Takes a place for a delivery to `instanceId` (of `addonId`), or throws WEBHOOK_BUSY. */
  admit(addonId: string, instanceId: string): Admission {
    const admitted = this.#admitted.get(instanceId) ?? 0;
    if (admitted >= this.#limits.perInstance) {
      this.#refused.set(instanceId, (this.#refused.get(instanceId) ?? 0) + 1);
      throw hostError("WEBHOOK_BUSY", `connector ${instanceId} has ${admitted} deliveries in progress already: send this one again shortly`,
        { retryAfterSeconds: this.#limits.retryAfterSeconds });
    }
    this.#admitted.set(instanceId, admitted + 1);
    let state: "admitted" | "waiting" | "in-sandbox" | "left" = "admitted";
    let wake: (() => void) | undefined;
    const line = () => {
      let found = this.#lines.get(addonId);
      if (!found) this.#lines.set(addonId, (found = { inSandbox: 0, waiting: [] }));
      return found;
    };
    return {
      turn: () => {
        if (state !== "admitted") return Promise.reject(hostError("INTERNAL", `a delivery's turn was asked for when ${state}`));
        const addon = line();
        if (addon.inSandbox < this.#limits.sandboxConcurrency && addon.waiting.length === 0) {
          addon.inSandbox++;
          state = "in-sandbox";
          return Promise.resolve();
        }
        state = "waiting";
        return new Promise<void>((resolve) => {
          wake = () => {
            state = "in-sandbox";
            resolve();
          };
          addon.waiting.push(wake);
        });
      },
      leave: () => {
        if (state === "left") return;
        const addon = this.#lines.get(addonId);
        if (state === "waiting" && addon) addon.waiting.splice(addon.waiting.indexOf(wake!), 1);
        if (state === "in-sandbox" && addon) {
          const next = addon.waiting.shift();
          if (next) next();
          else addon.inSandbox--;
        }
        if (addon && addon.inSandbox === 0 && addon.waiting.length === 0) this.#lines.delete(addonId);
        state = "left";
        const remaining = (this.#admitted.get(instanceId) ?? 1) - 1;
        if (remaining > 0) this.#admitted.set(instanceId, remaining);
        else this.#admitted.delete(instanceId);
      },
    };
  }
}
