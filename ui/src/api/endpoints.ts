import type { ApiClient, Query } from "./client.ts";
import type {
  AlertDetail, AlertEventRecord, AlertRecord, DeviceRecord, JobListing, LoginResponse, MappingRow, MeResponse, Page, RunRecord,
} from "./types.ts";

/** Lists come as `{items, nextCursor}`; a bare array (an unpaged list) is read as one last page. */
export function asPage<T>(value: unknown): Page<T> {
  if (Array.isArray(value)) return { items: value as T[], nextCursor: null };
  const object = (value ?? {}) as { items?: unknown; nextCursor?: unknown };
  return {
    items: Array.isArray(object.items) ? (object.items as T[]) : [],
    nextCursor: typeof object.nextCursor === "string" && object.nextCursor !== "" ? object.nextCursor : null,
  };
}

/** The detail endpoint answers `{alert, history, history_total}`; an alert with an inline `history` is read the same way. */
export function asAlertDetail(value: unknown): AlertDetail {
  const object = value as { alert?: AlertRecord; history?: AlertEventRecord[]; history_total?: number } & Partial<AlertRecord>;
  const total = (history: AlertEventRecord[]) => (typeof object.history_total === "number" ? object.history_total : history.length);
  if (object.alert && typeof object.alert === "object") {
    const history = object.history ?? [];
    return { alert: object.alert, history, history_total: total(history) };
  }
  const { history = [], history_total: _total, ...alert } = object;
  return { alert: alert as AlertRecord, history, history_total: total(history) };
}

/** Alert actions answer the updated alert, bare or as `{alert}`. */
export function asAlert(value: unknown): AlertRecord {
  const object = value as { alert?: AlertRecord } & Partial<AlertRecord>;
  return object.alert && typeof object.alert === "object" ? object.alert : (object as AlertRecord);
}

export type AlertAction = "acknowledge" | "unacknowledge" | "resolve";

export function login(client: ApiClient, username: string, password: string): Promise<LoginResponse> {
  return client.post<LoginResponse>("/auth/login", { username, password });
}

export function logout(client: ApiClient): Promise<void> {
  return client.post<void>("/auth/logout");
}

export function me(client: ApiClient, signal?: AbortSignal): Promise<MeResponse> {
  return client.get<MeResponse>("/auth/me", undefined, signal);
}

export async function listAlerts(client: ApiClient, query: Query, signal?: AbortSignal): Promise<Page<AlertRecord>> {
  return asPage<AlertRecord>(await client.get<unknown>("/alerts", query, signal));
}

export async function getAlert(client: ApiClient, id: number, signal?: AbortSignal): Promise<AlertDetail> {
  return asAlertDetail(await client.get<unknown>(`/alerts/${id}`, undefined, signal));
}

export async function alertAction(client: ApiClient, id: number, action: AlertAction, note?: string): Promise<AlertRecord> {
  return asAlert(await client.post<unknown>(`/alerts/${id}/${action}`, note ? { note } : undefined));
}

export async function listMappings(client: ApiClient, table: string, signal?: AbortSignal): Promise<MappingRow[]> {
  return asPage<MappingRow>(await client.get<unknown>(`/mappings/${table}`, undefined, signal)).items;
}

export function createMapping(client: ApiClient, table: string, body: Record<string, unknown>): Promise<MappingRow> {
  return client.post<MappingRow>(`/mappings/${table}`, body);
}

export function updateMapping(client: ApiClient, table: string, id: number, body: Record<string, unknown>): Promise<MappingRow> {
  return client.put<MappingRow>(`/mappings/${table}/${id}`, body);
}

export function deleteMapping(client: ApiClient, table: string, id: number): Promise<void> {
  return client.delete<void>(`/mappings/${table}/${id}`);
}

export async function listJobs(client: ApiClient, signal?: AbortSignal): Promise<JobListing[]> {
  return asPage<JobListing>(await client.get<unknown>("/scheduler/jobs", undefined, signal)).items;
}

export async function listRuns(client: ApiClient, query: Query, signal?: AbortSignal): Promise<Page<RunRecord>> {
  return asPage<RunRecord>(await client.get<unknown>("/scheduler/runs", query, signal));
}

export async function listDevices(client: ApiClient, query: Query, signal?: AbortSignal): Promise<Page<DeviceRecord>> {
  return asPage<DeviceRecord>(await client.get<unknown>("/devices", query, signal));
}

/** Starts a job now (operator); answers the run. */
export function runJobNow(client: ApiClient, key: string): Promise<RunRecord | { ok: true }> {
  return client.post<RunRecord | { ok: true }>(`/scheduler/jobs/${encodeURIComponent(key)}/run`);
}

export function setDeviceCriticality(client: ApiClient, id: number, criticality: DeviceRecord["criticality"]): Promise<DeviceRecord> {
  return client.put<DeviceRecord>(`/devices/${id}`, { criticality });
}
