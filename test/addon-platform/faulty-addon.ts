// Test support for faults-installed.test.ts: "acme.faulty", a signed addon whose poll misbehaves
// as its connector's config `mode` says.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packAddon, testManifest, writeAddonSource, type TestSigner } from "../../host/src/addons/test-support/build-package.ts";

export const FAULT_MODES = ["ok", "loop", "allocate", "throw", "garbage", "never", "bad-event"] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export function faultyManifest(id: string, runtime: "isolate" | "worker"): Record<string, unknown> {
  return testManifest({
    id, name: `Faulty ${id}`, description: "Polls badly on purpose.", runtime, capabilities: ["polling"],
    properties: { mode: { type: "string", enum: [...FAULT_MODES] } }, required: ["mode"],
  });
}

const FAULTY_SOURCE = `
import { BaseConnector, BaseNormalizer, defineAddon } from "@opsconductor/sdk";
import type { Ctx, NormalizedAlert, PollResult, RawEvent } from "@opsconductor/sdk";

class FaultyConnector extends BaseConnector {
  async testConnection() {
    return { ok: true, message: "ok" };
  }

  async poll(ctx: Ctx): Promise<PollResult> {
    const target = ctx.targets[0]!;
    switch (ctx.config.mode) {
      case "loop":
        for (;;) { /* spin */ }
      case "allocate": {
        const hoard: number[][] = [];
        for (;;) hoard.push(new Array(10_000).fill(hoard.length));
      }
      case "throw":
        throw new Error("faulty addon says no");
      case "garbage":
        return "not a poll result" as unknown as PollResult;
      case "never":
        await new Promise(() => {});
        break;
      case "bad-event":
        return {
          events: [this.createAlert(target, "faulty_degraded", {}), { ...this.createAlert(target, "faulty_unreadable", {}), resource: "sensor-9" }],
          snapshot: true, targets: [{ id: target.id, ok: true }],
        };
    }
    return { events: [this.createAlert(target, "faulty_ok", {})], snapshot: true, targets: [{ id: target.id, ok: true }] };
  }
}

class FaultyNormalizer extends BaseNormalizer {
  normalize(raw: RawEvent): NormalizedAlert | null {
    if (raw.alert_type === "faulty_unreadable") throw new Error("sensor-9 has no status");
    return this.build(raw);
  }
}

export default defineAddon({ connector: FaultyConnector, normalizer: FaultyNormalizer });
`;

/** Builds, signs and packs the faulty addon as `id` for `runtime`. */
export async function faultyPackage(signer: TestSigner, id: string, runtime: "isolate" | "worker"): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "oc-faulty-"));
  writeAddonSource(dir, faultyManifest(id, runtime), FAULTY_SOURCE);
  return packAddon(dir, signer);
}
