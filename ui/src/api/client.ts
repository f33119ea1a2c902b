import { ApiError, isAbort } from "./errors.ts";

export { ApiError } from "./errors.ts";

/** Query values: arrays are sent comma-separated; empty strings, empty arrays, null and undefined are left out. */
export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with its own Content-Type (an addon's zip), instead of a JSON body. */
  bytes?: { body: Blob; contentType: string };
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  /** Origin (and prefix) of the API; "" in the browser, where the UI is served by the daemon itself. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called when a request fails because the session is missing or expired (not for the login call itself). */
  onAuthLost?: (error: ApiError) => void;
}

export const API_PREFIX = "/api/v1";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Builds `path?query` with the rules of {@link QueryValue}. */
export function buildUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(name, value.join(","));
    } else {
      params.set(name, String(value));
    }
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Turns a non-2xx response into an ApiError, keeping the API's `{error: {code, message, details?}}` when present. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const retryHeader = response.headers.get("retry-after");
  const retryAfter = retryHeader !== null && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
  let text = "";
  try {
    text = await response.text();
  } catch {
    // body unreadable: fall back to the status line
  }
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    const code = parsed?.error?.code;
    if (typeof code === "string" && code !== "") {
      const message = typeof parsed.error?.message === "string" ? parsed.error.message : code;
      const details = isRecord(parsed.error?.details) ? parsed.error.details : undefined;
      return new ApiError(code, message, response.status, { retryAfterSeconds: retryAfter, details });
    }
  } catch {
    // not JSON: a proxy's error page, say
  }
  const detail = text.trim().slice(0, 200) || response.statusText || "request failed";
  return new ApiError(`HTTP_${response.status}`, `HTTP ${response.status}: ${detail}`, response.status, { retryAfterSeconds: retryAfter });
}

/**
 * The typed fetch wrapper every page uses: JSON in and out, the session cookie
 * (same origin), the CSRF token on every mutation, and one error type.
 */
export class ApiClient {
  readonly #baseUrl: string;
  readonly #fetch: typeof fetch;
  #csrfToken: string | null = null;
  onAuthLost: ((error: ApiError) => void) | undefined;

  constructor(options: ApiClientOptions = {}) {
    this.#baseUrl = (options.baseUrl ?? "").replace(/\/+$/, "");
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.onAuthLost = options.onAuthLost;
  }

  /** The token from login (or /auth/me), sent as X-CSRF-Token with every non-GET request. */
  setCsrfToken(token: string | null): void {
    this.#csrfToken = token;
  }

  get csrfToken(): string | null {
    return this.#csrfToken;
  }

  /** Absolute URL of an API path, for EventSource and links. */
  url(path: string, query?: Query): string {
    return this.#baseUrl + buildUrl(API_PREFIX + path, query);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    const upper = method.toUpperCase();
    if (!SAFE_METHODS.has(upper) && this.#csrfToken) headers["X-CSRF-Token"] = this.#csrfToken;
    let body: string | Blob | undefined;
    if (options.bytes) {
      headers["Content-Type"] = options.bytes.contentType;
      body = options.bytes.body;
    } else if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await this.#fetch(this.url(path, options.query), {
        method: upper,
        headers,
        body,
        credentials: "same-origin",
        signal: options.signal,
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ApiError("NETWORK_ERROR", `cannot reach the API: ${(error as Error).message}`, 0);
    }
    if (!response.ok) {
      const error = await errorFromResponse(response);
      if (response.status === 401 && path !== "/auth/login" && (error.code === "AUTH_REQUIRED" || error.code === "AUTH_SESSION_EXPIRED")) {
        this.onAuthLost?.(error);
      }
      throw error;
    }
    if (response.status === 204 || upper === "HEAD") return undefined as T;
    const text = await response.text();
    if (text === "") return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError("RESPONSE_INVALID", `the API answered ${upper} ${path} with something that is not JSON`, response.status);
    }
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>("GET", path, { query, signal });
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("POST", path, { body });
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("PUT", path, { body });
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>("DELETE", path);
  }

  /** POSTs raw bytes (an addon's zip) with their own Content-Type; answers and fails like the others. */
  postBinary<T>(path: string, body: Blob, contentType: string, query?: Query): Promise<T> {
    return this.request<T>("POST", path, { query, bytes: { body, contentType } });
  }
}
