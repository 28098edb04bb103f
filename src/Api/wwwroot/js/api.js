// Calls to the press office REST API with the API key of this browser session.

const KEY_NAME = 'vimercate.console.apiKey';

/** The API key lives in sessionStorage only: it is gone when the browser tab closes. */
export const session = {
  get key() {
    return sessionStorage.getItem(KEY_NAME);
  },
  set key(value) {
    sessionStorage.setItem(KEY_NAME, value);
  },
  clear() {
    sessionStorage.removeItem(KEY_NAME);
  },
};

/** A refusal from the API: the HTTP status and the problem details (RFC 9457) it sent. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** The problem's slug: "weekly-limit-reached", "validation-failed", ... */
  get slug() {
    const type = this.problem.type ?? '';
    return type.slice(type.lastIndexOf(':') + 1);
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error {}

let onUnauthorized = () => {};
let onStorage = () => {};
let storageAvailable = true;

/** The problem slug the API answers with when its database cannot be reached (503). */
export const STORAGE_UNAVAILABLE = 'storage-unavailable';

/** What to do when the service's data stops or starts being reachable again: handler(available). */
export function whenStorageChanges(handler) {
  onStorage = handler;
}

/** Notes whether the service could reach its data; tells the handler only when that changes. */
export function reportStorage(available) {
  if (available !== storageAvailable) {
    storageAvailable = available;
    onStorage(available);
  }
}

/** What to do when the key stops being accepted (401). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/** One JSON request; resolves with the body, rejects with ApiError or NetworkError. */
export async function api(path, { method = 'GET', body, headers = {}, key = session.key, signal } = {}) {
  const init = {
    method,
    signal,
    headers: { Accept: 'application/json', ...headers },
  };
  if (key) {
    init.headers['X-Api-Key'] = key;
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === 'AbortError') {
      throw error;
    }
    throw new NetworkError(error.message);
  }

  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401 && key === session.key) {
      onUnauthorized(error);
    }
    if (error.slug === STORAGE_UNAVAILABLE) {
      reportStorage(false);
    }
    throw error;
  }
  reportStorage(true);
  return data;
}
