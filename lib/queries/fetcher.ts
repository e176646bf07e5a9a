/** The error a screen gets from a failed API call: the house error shape, ready to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
    /** Anything else the error carried (e.g. `duplicates` with the duplicate guard's 409). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Calls the console's JSON API with the session cookie; throws ApiError on any non-2xx answer. */
export async function apiFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(path, {
      credentials: 'same-origin',
      ...rest,
      headers: {
        accept: 'application/json',
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  } catch {
    throw new ApiError(
      0,
      'network',
      'The console could not be reached. Check your connection and try again.',
    );
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; fieldErrors?: Record<string, string[]> };
  } | null;
  if (!res.ok) {
    if (res.status === 401 && typeof window !== 'undefined' && !path.startsWith('/api/auth/')) {
      // A full navigation on purpose: the session is gone, so every cached screen must be dropped too.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(
        `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`,
      );
    }
    throw new ApiError(
      res.status,
      body?.error?.code ?? 'error',
      body?.error?.message ?? `The request failed (HTTP ${res.status}).`,
      body?.error?.fieldErrors ?? {},
      body?.error ?? {},
    );
  }
  return body as T;
}

/** The error's sentence when no field shows it (a form puts field errors under their fields). */
export function formError(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError && Object.keys(error.fieldErrors).length) return null;
  return error instanceof Error ? error.message : null;
}
