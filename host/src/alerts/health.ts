import type { NormalizedAlert, Severity } from "@opsconductor/sdk";
import type { ConnectorHealthCode } from "./types.ts";

/** The alert types of connector health alerts, one per {@link ConnectorHealthCode}. */
export const HEALTH_ALERT_TYPES: Readonly<Record<ConnectorHealthCode, string>> = {
  CONNECTOR_UNREACHABLE: "connector_unreachable",
  CONNECTOR_AUTH_FAILED: "connector_auth_failed",
  CONNECTOR_POLL_FAILED: "connector_poll_failed",
  CONNECTOR_EVENTS_REFUSED: "connector_events_refused",
};

const HEALTH_SEVERITY: Readonly<Record<ConnectorHealthCode, Severity>> = {
  CONNECTOR_UNREACHABLE: "major",
  CONNECTOR_AUTH_FAILED: "major",
  CONNECTOR_POLL_FAILED: "minor",
  CONNECTOR_EVENTS_REFUSED: "minor",
};

const HEALTH_WHAT: Readonly<Record<ConnectorHealthCode, string>> = {
  CONNECTOR_UNREACHABLE: "cannot reach",
  CONNECTOR_AUTH_FAILED: "is refused by",
  CONNECTOR_POLL_FAILED: "cannot poll",
  CONNECTOR_EVENTS_REFUSED: "cannot read every event from",
};

// Broker and addon codes are open-ended: classify by the words they are built from.
const AUTH_CODE = /AUTH|UNAUTHORI[SZ]ED|FORBIDDEN|CREDENTIAL|LOGIN|PASSWORD|401|403/;
const UNREACHABLE_CODE = /UNREACHABLE|TIMEOUT|TIMED_OUT|REFUSED|RESET|DNS|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ECONN|ETIMEDOUT|CONNECT|OFFLINE|NO_RESPONSE/;

/**
 * The health problem an error code means: auth failures, unreachable targets
 * (timeouts, refused connections, DNS), or any other failed poll.
 *
 * @example
 * healthCodeOf("BROKER_TIMEOUT"); // "CONNECTOR_UNREACHABLE"
 */
export function healthCodeOf(errorCode: string | undefined): ConnectorHealthCode {
  const code = (errorCode ?? "").toUpperCase();
  if (Object.hasOwn(HEALTH_ALERT_TYPES, code)) return code as ConnectorHealthCode;
  if (AUTH_CODE.test(code)) return "CONNECTOR_AUTH_FAILED";
  if (UNREACHABLE_CODE.test(code)) return "CONNECTOR_UNREACHABLE";
  return "CONNECTOR_POLL_FAILED";
}

export interface HealthProblem {
  connectorId: string;
  /** The instance's name, as admins know it (the id when it has none, or is gone). */
  connectorName?: string;
  connectorType: string;
  /** The failed target; undefined when the whole poll failed. */
  target?: { id: string; host?: string; name?: string };
  error: { code?: string; message?: string };
  /** What kind of problem it is, when the error's code does not say (see {@link healthCodeOf}). */
  health?: ConnectorHealthCode;
  at: string;
}

/**
 * The health alert of a connector instance (or one of its targets), as a
 * NormalizedAlert so that it goes through the same title/priority/ingest path.
 */
export function healthAlert(problem: HealthProblem): NormalizedAlert {
  const code = problem.health ?? healthCodeOf(problem.error.code);
  const { target } = problem;
  const subject = target ? `target ${target.name ?? target.id}${target.host ? ` (${target.host})` : ""}` : "its source";
  const alert: NormalizedAlert = {
    connector_type: problem.connectorType,
    alert_type: HEALTH_ALERT_TYPES[code],
    role: "problem",
    severity: HEALTH_SEVERITY[code],
    category: "application",
    device_ip: target?.host ?? "",
    device_name: target?.name ?? target?.id ?? problem.connectorName ?? problem.connectorId,
    title: `Connector ${connectorLabel(problem.connectorId, problem.connectorName)} ${HEALTH_WHAT[code]} ${subject}`,
    message: problem.error.message ?? "",
    timestamp: problem.at,
    metrics: { error_code: problem.error.code ?? null },
    raw: { error: problem.error },
  };
  if (target) {
    alert.target = target.id;
    alert.resource = target.id;
  }
  return alert;
}

/** How an instance is named in its health alerts' titles: its name in quotes, or its id when it has none. */
export function connectorLabel(connectorId: string, name: string | undefined): string {
  return name ? `"${name}"` : connectorId;
}
