import { OcError } from "@opsconductor/sdk";
import { hostError } from "../../errors.ts";
import type { Envelope } from "./protocol.ts";

const MAX_MESSAGE = 2_000;

/**
 * The value of a guest's JSON answer, or its error rebuilt as an OcError (`addonCode`
 * in details). Anything that is not an envelope is the addon's doing: ADDON_RESULT_INVALID.
 */
export function readEnvelope(answer: unknown): unknown {
  if (typeof answer !== "string") throw hostError("ADDON_RESULT_INVALID", "the sandbox answered something that is not text");
  let envelope: Envelope<unknown>;
  try {
    envelope = JSON.parse(answer) as Envelope<unknown>;
  } catch {
    throw hostError("ADDON_RESULT_INVALID", "the sandbox answered something that is not JSON");
  }
  return envelopeValue(envelope);
}

/** The value of an already parsed envelope (one message's part of a batch answer), or its error thrown as by `readEnvelope`. */
export function envelopeValue(envelope: unknown): unknown {
  const record = envelope as Envelope<unknown> | null;
  if (record !== null && typeof record === "object" && record.ok === true) return record.value;
  if (record !== null && typeof record === "object" && record.ok === false && record.error !== null && typeof record.error === "object") {
    const { code, message, addonCode } = record.error;
    if (typeof code === "string" && code.startsWith("ADDON_") && typeof message === "string") {
      return throwGuestError(code, message, typeof addonCode === "string" ? addonCode : undefined);
    }
  }
  throw hostError("ADDON_RESULT_INVALID", "the sandbox answered a malformed envelope");
}

function throwGuestError(code: string, message: string, addonCode: string | undefined): never {
  throw new OcError(code, message.slice(0, MAX_MESSAGE), addonCode === undefined ? undefined : { addonCode: addonCode.slice(0, 200) });
}
