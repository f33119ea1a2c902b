import ivm from "isolated-vm";
import { createGuestDispatcher } from "../guest/guest-dispatcher.ts";
import type { GuestDispatch, HostCall } from "../guest/protocol.ts";

/**
 * Runs in a fresh context BEFORE any addon code (so every intrinsic it touches is still
 * pristine). `$0` is a Reference to the host bridge; it is kept in this closure only —
 * no global, no property — so guest code can call the bridge through `ctx` but can never
 * hold an isolated-vm handle. The transfer options are frozen null-prototype objects: a
 * guest that later plants `Object.prototype.reference` cannot change how results cross.
 * Strict mode: no `fn.caller` / `fn.arguments` walks back into this frame.
 */
const BOOT_SOURCE = `"use strict";
const hostRef = $0;
const transfer = Object.freeze({
  __proto__: null,
  arguments: Object.freeze({ __proto__: null, copy: true }),
  result: Object.freeze({ __proto__: null, promise: true, copy: true }),
});
const hostCall = (name, payload) => hostRef.apply(undefined, [name, payload], transfer);
// Shared memory could block the isolate's thread outside any CPU accounting (Atomics.wait).
for (const name of ["SharedArrayBuffer", "Atomics", "WebAssembly"]) delete globalThis[name];
const createGuestDispatcher = (${createGuestDispatcher.toString()});
return (addonModule) => createGuestDispatcher(addonModule, hostCall);
`;

/**
 * Prepares one context: installs the bridge, links and evaluates the addon's module
 * (it imports nothing), and returns a host-side Reference to the instance's dispatcher.
 */
export async function bootGuest(
  context: ivm.Context, module: ivm.Module, hostCall: HostCall, timeoutMs: number,
): Promise<{ dispatcher: ivm.Reference<GuestDispatch>; hostRef: ivm.Reference<HostCall> }> {
  const hostRef = new ivm.Reference(hostCall);
  const install = await context.evalClosure(BOOT_SOURCE, [hostRef], { result: { reference: true }, timeout: timeoutMs }) as ivm.Reference<(module: unknown) => GuestDispatch>;
  try {
    await module.instantiate(context, (specifier) => {
      throw new Error(`the bundle imports ${specifier}; an addon bundle imports nothing`);
    });
    await module.evaluate({ timeout: timeoutMs });
    const dispatcher = await install.apply(undefined, [module.namespace.derefInto()], { result: { reference: true }, timeout: timeoutMs });
    return { dispatcher: dispatcher as ivm.Reference<GuestDispatch>, hostRef };
  } catch (error) {
    hostRef.release();
    throw error;
  } finally {
    install.release();
  }
}
