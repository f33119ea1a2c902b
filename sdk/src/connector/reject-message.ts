import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";

/**
 * Refuses a pushed message from a connector's `receive`: nothing of it is stored, and the sender
 * is told why (a webhook sender gets `422 WEBHOOK_DELIVERY_REJECTED` and `reason`). Use it rather
 * than dropping what cannot be read: a sender is never told its events were taken when they were not.
 *
 * @example
 * override async receive(ctx: Ctx, message: PushMessage): Promise<RawEvent[]> {
 *   if (message.kind !== "webhook") return [];
 *   if (!Array.isArray(message.body)) rejectMessage("the body must be a JSON array of events");
 *   return message.body.map(toRawEvent);
 * }
 */
export function rejectMessage(reason: string): never {
  throw new OcError(SdkErrorCodes.MESSAGE_REJECTED, reason);
}
