import { parseId } from '@/lib/ids';

export interface BackfillParams {
  /** The import being mapped or watched; absent on the upload step. */
  job?: number;
}

/** A malformed value is ignored: the screen then starts at the upload step. */
export function parseBackfillParams(
  sp: Record<string, string | string[] | undefined> | URLSearchParams,
): BackfillParams {
  const raw = sp instanceof URLSearchParams ? sp.get('job') : sp.job;
  return { job: parseId(Array.isArray(raw) ? raw[0] : raw) };
}
