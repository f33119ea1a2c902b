import type { Target } from "@opsconductor/sdk";
import { isIPv6 } from "node:net";
import { portOf } from "../core/targets.ts";

/** Where and how HTTP reaches a target. */
export interface HttpEndpoint {
  scheme: "http" | "https";
  host: string;
  port: number;
  /** `scheme://host:port`, the only origin requests and redirects may use. */
  origin: string;
  /** False when the target allows self-signed certificates (`insecure: true` or `verify_tls: false`). */
  verifyTls: boolean;
  /** An optional PEM CA (or self-signed certificate) to pin instead of turning verification off. */
  ca?: string;
}

/**
 * The scheme comes from `scheme`, else `tls`, else port 443; the port from
 * `http_port`, else `port`, else the scheme's default.
 */
export function httpEndpointOf(target: Target): HttpEndpoint {
  const scheme = target.scheme === "https" || target.scheme === "http" ? target.scheme
    : typeof target.tls === "boolean" ? (target.tls ? "https" : "http")
    : portOf(target, "http_port", 0) === 443 ? "https" : "http";
  const port = portOf(target, "http_port", scheme === "https" ? 443 : 80);
  const host = target.host.toLowerCase().replace(/\.$/, "");
  const hostInUrl = isIPv6(host) ? `[${host}]` : host;
  const verifyTls = !(target.insecure === true || target.verify_tls === false);
  return {
    scheme, host, port,
    origin: `${scheme}://${hostInUrl}:${port}`,
    verifyTls,
    ...(typeof target.ca === "string" && target.ca.includes("BEGIN CERTIFICATE") ? { ca: target.ca } : {}),
  };
}
