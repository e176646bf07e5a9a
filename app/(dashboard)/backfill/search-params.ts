export interface BackfillParams {
  /** The import being mapped or watched; absent on the upload step. */
  job?: number;
}

/** A malformed value is ignored: the screen then starts at the upload step. */
export function parseBackfillParams(
  sp: Record<string, string | string[] | undefined> | URLSearchParams,
): BackfillParams {
  const raw = sp instanceof URLSearchParams ? sp.get('job') : sp.job;
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return { job: Number.isSafeInteger(n) && n > 0 ? n : undefined };
}
