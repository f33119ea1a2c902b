import { hostError } from "../errors.ts";
import { Turns, type Turn } from "../util/turns.ts";

export interface DeliveryGateLimits {
  /** Deliveries of one addon inside its sandbox at once (its isolate runs one call at a time anyway). */
  sandboxConcurrency: number;
  /** Deliveries of one connector instance admitted at once, in the sandbox, waiting or still uploading. */
  perInstance: number;
  /** What a refused sender is told to wait (Retry-After). */
  retryAfterSeconds: number;
  /**
   * How long an admitted delivery may take to upload its body. A sender that trickles its bytes
   * would otherwise hold its place until the HTTP server's own request timeout (300 s): 32
   * such uploads shut an instance's webhook for five minutes.
   */
  uploadTimeoutMs: number;
}

export const DEFAULT_DELIVERY_LIMITS: DeliveryGateLimits = { sandboxConcurrency: 4, perInstance: 32, retryAfterSeconds: 1, uploadTimeoutMs: 30_000 };

/** What an instance's webhook is doing, for its connector record. */
export interface WebhookLoad {
  /** Deliveries admitted now: uploading, waiting for the sandbox or in it. */
  in_progress: number;
  /** Deliveries refused as busy (WEBHOOK_BUSY) since the daemon started. */
  refused_busy: number;
}

/** A delivery's place: upload its body, wait for its turn in the sandbox, and leave (always) when done. */
export interface Admission {
  /** The body, as `read` gives it, or WEBHOOK_UPLOAD_TIMEOUT when it has not arrived within the upload limit. */
  upload<T>(read: () => Promise<T>): Promise<T>;
  /** Resolves when the delivery may enter the sandbox (others of its addon wait in arrival order). */
  turn(): Promise<void>;
  /** Gives the place (and the sandbox slot, if it had its turn) to the next delivery. Idempotent. */
  leave(): void;
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
  // Turns in each addon's sandbox, while anyone holds or waits for one.
  readonly #sandboxes = new Map<string, Turns>();
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
    let turn: Turn | undefined;
    let left = false;
    const { uploadTimeoutMs } = this.#limits;
    return {
      upload: async (read) => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(hostError("WEBHOOK_UPLOAD_TIMEOUT",
            `the delivery's body did not arrive within ${uploadTimeoutMs / 1000} s: send it again, whole`)), uploadTimeoutMs);
        });
        try {
          return await Promise.race([read(), late]);
        } finally {
          clearTimeout(timer);
        }
      },
      turn: () => {
        if (left || turn) return Promise.reject(hostError("INTERNAL", `a delivery's turn was asked for when ${left ? "left" : "asked already"}`));
        let sandbox = this.#sandboxes.get(addonId);
        if (!sandbox) this.#sandboxes.set(addonId, (sandbox = new Turns(this.#limits.sandboxConcurrency)));
        turn = sandbox.take();
        return turn.ready;
      },
      leave: () => {
        if (left) return;
        left = true;
        turn?.release();
        if (this.#sandboxes.get(addonId)?.idle) this.#sandboxes.delete(addonId);
        const remaining = (this.#admitted.get(instanceId) ?? 1) - 1;
        if (remaining > 0) this.#admitted.set(instanceId, remaining);
        else this.#admitted.delete(instanceId);
      },
    };
  }
}
