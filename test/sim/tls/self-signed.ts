import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SelfSignedCertificate {
  key: string;
  cert: string;
}

let cached: SelfSignedCertificate | undefined;

/**
 * A throwaway self-signed certificate for `localhost` / 127.0.0.1, as device
 * simulators serve (every HTTP device in reference/protocols.md ships one).
 * node:crypto cannot build X.509, so the openssl CLI makes it, once per process.
 */
export function selfSignedCertificate(): SelfSignedCertificate {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "oc-tls-"));
  try {
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "2",
      "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ], { stdio: "pipe" });
    cached = { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
