// The capability broker: what a sandboxed connector instance's ctx.http/snmp/ssh/state/log/emit run on.
export { createBroker } from "./core/create-broker.ts";
export type {
  Broker, BrokerCapabilities, BrokerLimits, BrokerOptions, BrokerPermission, BrokerStats, CapabilityName, CapabilityStats,
} from "./core/types.ts";
export { SqliteConnectorStateStore, type ConnectorStateStore } from "./state/state-store.ts";
export { REDACTED } from "./core/redactor.ts";
