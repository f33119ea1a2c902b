import type { Ctx } from "@opsconductor/sdk";

/**
 * What the host lends one connector instance: the sdk `Ctx` without the parts the
 * sandbox holds itself (`config`, `targets` are copied in; `now` is the guest's clock).
 * The capability broker implements it (its `BrokerCapabilities` is assignable); secrets
 * live behind these functions and never cross into the sandbox.
 */
export type HostCapabilities = Omit<Ctx, "config" | "targets" | "now">;

/** The names a guest uses to reach a capability through the host bridge. */
export const CAPABILITY_CALLS = [
  "http.request",
  "snmp.get",
  "snmp.walk",
  "ssh.exec",
  "ssh.shell",
  "state.get",
  "state.set",
  "log",
  "emit",
] as const;
export type CapabilityCall = (typeof CAPABILITY_CALLS)[number];
