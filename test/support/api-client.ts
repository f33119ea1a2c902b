// Test and bench support: the REST API of a running daemon, called as a token holder would.

/** An API answer: its status and its JSON body (undefined when it has none). */
export interface ApiAnswer {
  status: number;
  body: any;
}

/** `api(method, path, body?)` against `/api/v1` of the daemon at `baseUrl`. */
export type ApiCall = (method: string, path: string, body?: unknown) => Promise<ApiAnswer>;

/**
 * Calls `${baseUrl}/api/v1${path}` with `Authorization: Bearer <token>`; a body is sent as JSON,
 * or as `application/zip` when it is a Buffer (an addon upload). `baseUrl` may be a function, for
 * a daemon started after the client is made.
 *
 * @example
 * const api = apiClient(daemon.url, token);
 * const created = await api("POST", "/connectors", { addon_id: "opsconductor.webhook", name: "Hooks" });
 */
export function apiClient(baseUrl: string | (() => string), token: string | (() => string)): ApiCall {
  return async (method, path, body) => {
    const headers: Record<string, string> = { authorization: `Bearer ${typeof token === "function" ? token() : token}` };
    if (Buffer.isBuffer(body)) headers["content-type"] = "application/zip";
    else if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${typeof baseUrl === "function" ? baseUrl() : baseUrl}/api/v1${path}`, {
      method, headers, body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}
