// Test support shared by the broker's tests: a broker over an in-memory database
// and a logger that keeps every line, so tests can assert what was (not) logged.
import type { Logger, Target } from "@opsconductor/sdk";
import { openDatabase, type Db } from "../../store/database.ts";
import { SqliteConnectorStateStore } from "../state/state-store.ts";
import { createBroker } from "./create-broker.ts";
import type { Broker, BrokerOptions } from "./types.ts";

export interface LogLine {
  level: keyof Logger;
  message: string;
  fields: Record<string, unknown> | undefined;
}

export function capturingLogger(): Logger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const write = (level: keyof Logger) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return {
    lines,
    text: () => JSON.stringify(lines),
    debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error"),
  };
}

export interface TestBroker {
  broker: Broker;
  logger: ReturnType<typeof capturingLogger>;
  db: Db;
  close(): Promise<void>;
}

export function testBroker(options: Partial<BrokerOptions> & { targets: Target[] }): TestBroker {
  const db = openDatabase(":memory:");
  const logger = capturingLogger();
  const broker = createBroker({
    instanceId: "conn-1",
    addonId: "test.addon",
    permissions: ["http", "snmp", "ssh"],
    config: {},
    secrets: {},
    stateStore: new SqliteConnectorStateStore(db),
    limits: { timeoutMs: 3000, maxResponseBytes: 1024 * 1024, callsPerOperation: 100 },
    logger,
    ...options,
  });
  return {
    broker, logger, db,
    async close() {
      await broker.close();
      db.close();
    },
  };
}
