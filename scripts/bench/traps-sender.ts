// Bench worker (traps): one net-snmp v2c session sending linkDown traps, each with its own ifIndex
// (so each one is a new alert), paced by a token bucket at `rate`/s for `seconds`. Posts the count sent.
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

interface Session {
  trap(oid: string, varbinds: unknown[], options: Record<string, unknown>, callback: (error: Error | null) => void): void;
  close(): void;
  on(event: "error", listener: (error: Error) => void): void;
}
const snmp = createRequire(import.meta.url)("net-snmp") as {
  createSession(target: string, community: string, options: Record<string, unknown>): Session;
  Version2c: number; ObjectType: Record<string, number>;
};

const { port, community, rate, seconds, firstIndex } = workerData as { port: number; community: string; rate: number; seconds: number; firstIndex: number };
const session = snmp.createSession("127.0.0.1", community, { trapPort: port, version: snmp.Version2c });
session.on("error", () => undefined);
const total = Math.round(rate * seconds);
let sent = 0;
let errors = 0;
const started = performance.now();
const BURST = Math.max(1, Math.ceil(rate / 1000));

function send(index: number): void {
  session.trap("1.3.6.1.6.3.1.1.5.3", [
    { oid: `1.3.6.1.2.1.2.2.1.1.${index}`, type: snmp.ObjectType.Integer, value: index },
    { oid: `1.3.6.1.2.1.2.2.1.8.${index}`, type: snmp.ObjectType.Integer, value: 2 },
  ], { agentAddr: "127.0.0.1" }, (error) => {
    if (error) errors += 1;
  });
}

await new Promise<void>((resolve) => {
  const tick = () => {
    // Token bucket: the tokens earned so far (capped at BURST ahead), spent one trap each.
    const allowed = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    let budget = BURST * 4;
    while (sent < allowed && budget-- > 0) send(firstIndex + sent++);
    if (sent >= total) return resolve();
    setImmediate(tick);
  };
  tick();
});
const elapsed = (performance.now() - started) / 1000;
setTimeout(() => {
  session.close();
  parentPort!.postMessage({ sent, errors, elapsed });
}, 50);
