// The console's one way to the API: where the session's key is kept, the client pages call the
// API with (@cubicle/sdk's `Cubicle`, on the gateway that serves the console: same origin), and
// the one shape of error pages show.
import { Cubicle, CubicleApiError, CubicleConnectionError } from "@cubicle/sdk";

/** Where this tab keeps the key. The API docs (/docs/) read it too, to fill in "Authorize". */
const KEY_STORAGE = "cubicle.apiKey";

/** The API key of this tab's session (sessionStorage: it ends with the tab), if signed in. */
export function storedApiKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE) || null;
  } catch {
    return null;
  }
}

export function storeApiKey(apiKey: string | null): void {
  try {
    if (apiKey) sessionStorage.setItem(KEY_STORAGE, apiKey);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // storage disabled: the session lasts until the page is reloaded
  }
}

/**
 * A failed call, as pages show it. `kind`: `api` for an error answer of the API (its
 * `{code, message, error_code, requestId}`), `network` when the API could not be reached,
 * `unexpected` for anything else (an answer that is not the API's, say a proxy's HTML page).
 */
export interface ApiError {
  kind: "api" | "network" | "unexpected";
  message: string;
  /** The HTTP status (0 without an answer). */
  status: number;
  /** The API's `error_code`, e.g. `unauthorized`, `name_taken`. */
  code?: string | undefined;
  /** The API's `requestId`: what an operator looks up in the gateway's logs. */
  requestId?: string | undefined;
}

/** Any error a call threw (the SDK's, or another), as an ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof CubicleApiError) {
    // `http_<status>`: the answer was not the API's error shape.
    const kind = err.code.startsWith("http_") ? "unexpected" : "api";
    return { kind, message: err.message, status: err.status, code: err.code, requestId: err.requestId };
  }
  if (err instanceof CubicleConnectionError) return { kind: "network", message: err.message, status: 0 };
  return { kind: "unexpected", message: err instanceof Error ? err.message : String(err), status: 0 };
}

/** Whether `err` is a call given up by its AbortSignal (a page that went away): nothing to show. */
export const isAbort = (err: unknown) => err instanceof DOMException && (err.name === "AbortError" || err.name === "TimeoutError");

export type ApiClient = Cubicle;

export interface ClientOptions {
  /** Called when the API refuses the key (401): the session is over. */
  onUnauthorized?: () => void;
}

/** The client of a signed-in session (the SDK: reads and idempotent writes retried on 429/503). */
export function createClient(apiKey: string, options: ClientOptions = {}): ApiClient {
  const { onUnauthorized } = options;
  return new Cubicle({
    apiUrl: window.location.origin,
    apiKey,
    ...(onUnauthorized && {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const response = await fetch(input, init);
        if (response.status === 401) onUnauthorized();
        return response;
      },
    }),
  });
}

/**
 * Whether the API accepts `apiKey`, by a real call: GET /api-keys answers 200 for a key of a
 * team and 401 `unauthorized` otherwise. Not retried: the user waits for the answer. Throws
 * the error to show when the key is refused.
 */
export async function verifyApiKey(apiKey: string, signal?: AbortSignal): Promise<void> {
  await new Cubicle({ apiUrl: window.location.origin, apiKey, retry: false }).keys.list(signal);
}
