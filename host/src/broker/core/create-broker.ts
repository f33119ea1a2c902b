import { MAX_EVENTS_PER_CALL } from "../../runtime/result-validation.ts";
import { systemClock, iso } from "../../util/clock.ts";
import { createHttpCapability } from "../http/http-capability.ts";
import { TargetPools } from "../http/target-pools.ts";
import { addonLogger } from "../log/addon-logger.ts";
import { redactingLogger } from "../log/redacting-logger.ts";
import { createSnmpCapability } from "../snmp/snmp-capability.ts";
import { createSshCapability } from "../ssh/ssh-capability.ts";
import {
  createStateCapability, DEFAULT_STATE_CALLS_PER_OPERATION, DEFAULT_STATE_MAX_TOTAL_BYTES, DEFAULT_STATE_MAX_VALUE_BYTES,
} from "../state/state-capability.ts";
import { AddressBook } from "./address-book.ts";
import { CallBudget } from "./call-budget.ts";
import { CallGate } from "./call-gate.ts";
import { createEmit } from "./emit.ts";
import { FieldResolver } from "./field-refs.ts";
import { Redactor, secretStringsOf } from "./redactor.ts";
import { StatsRecorder } from "./stats.ts";
import { TargetRegistry } from "./targets.ts";
import type { Broker, BrokerCapabilities, BrokerOptions } from "./types.ts";

const DEFAULT_LOG_LINES_PER_MINUTE = 120;

/**
 * The capability broker of one connector instance (DESIGN §4.4): the sandbox's
 * only door to the world. Network calls may reach only the instance's targets,
 * secrets are injected host-side and redacted from everything that comes back,
 * and every call is timed out, size-capped and counted against the budget of the
 * operation (poll, test, sync, delivery) the host started last; ctx.state calls have
 * a budget of their own.
 *
 * @example
 * const broker = createBroker({ instanceId: "c1", addonId: "opsconductor.prtg", permissions: ["http"],
 *   targets: [{ id: "prtg", name: "PRTG", host: "prtg.example", port: 443, verify_tls: false }],
 *   config: { username: "opsbot" }, secrets: { passhash: "1234567" },
 *   stateStore: new SqliteConnectorStateStore(db), logger,
 *   limits: { timeoutMs: 15_000, maxResponseBytes: 8 << 20, callsPerOperation: 50 } });
 * broker.beginOperation();
 * await broker.capabilities.http.request("prtg", { path: "/api/table.json",
 *   auth: { type: "query", params: { username: "username", passhash: { secret: "passhash" } } } });
 * await broker.close();
 */
export function createBroker(options: BrokerOptions): Broker {
  const clock = options.clock ?? systemClock;
  const redactor = new Redactor(secretStringsOf(options.secrets));
  const stats = new StatsRecorder();
  const budget = new CallBudget(options.limits.callsPerOperation);
  const gate = new CallGate(options.permissions, budget, stats, redactor);
  const stateBudget = new CallBudget(options.limits.stateCallsPerOperation ?? DEFAULT_STATE_CALLS_PER_OPERATION, "ctx.state calls");
  // As many events per operation as one poll may return: one poll emitted 300 x 1,000 events, all stored.
  const emitAllowance = new CallBudget(MAX_EVENTS_PER_CALL, "emitted events");
  const targets = new TargetRegistry(options.targets);
  const fields = new FieldResolver(options.config, options.secrets);
  const addresses = new AddressBook();
  const context = { instanceId: options.instanceId, addonId: options.addonId };
  const hostLog = redactingLogger(options.logger, redactor, { ...context, source: "broker" });
  const limits = { timeoutMs: options.limits.timeoutMs, maxResponseBytes: options.limits.maxResponseBytes };

  const pools = new TargetPools(addresses, limits.timeoutMs);
  const http = createHttpCapability({ targets, fields, pools, gate, stats, redactor, limits, log: hostLog });
  const snmp = createSnmpCapability({ targets, fields, addresses, gate, stats, limits });
  const ssh = createSshCapability({ targets, fields, addresses, gate, stats, redactor, limits, log: hostLog });
  const capabilities: BrokerCapabilities = Object.freeze({
    http,
    snmp: snmp.snmp,
    ssh: ssh.ssh,
    state: createStateCapability({
      instanceId: options.instanceId, store: options.stateStore, gate, budget: stateBudget, stats, clock,
      maxValueBytes: options.limits.stateMaxValueBytes ?? DEFAULT_STATE_MAX_VALUE_BYTES,
      maxTotalBytes: options.limits.stateMaxTotalBytes ?? DEFAULT_STATE_MAX_TOTAL_BYTES,
    }),
    log: addonLogger(redactingLogger(options.logger, redactor, context), {
      clock, stats, linesPerMinute: options.limits.logLinesPerMinute ?? DEFAULT_LOG_LINES_PER_MINUTE,
    }),
    emit: createEmit(options.emit, gate, stats, emitAllowance),
    now: () => iso(clock.now()),
  });

  return {
    instanceId: options.instanceId,
    capabilities,
    beginOperation: () => {
      const endNetwork = budget.begin();
      const endState = stateBudget.begin();
      const endEmits = emitAllowance.begin();
      return () => {
        endNetwork();
        endState();
        endEmits();
      };
    },
    stats: () => stats.snapshot(budget.used),
    async close() {
      if (gate.closed) return;
      gate.close();
      snmp.close();
      ssh.close();
      await pools.close();
    },
  };
}
