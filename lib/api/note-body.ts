import { deliveryNoteSchema } from '@/lib/validations/delivery';
import { parseOrThrow } from '@/lib/validations/parse';
import { readJson } from './respond';

/**
 * The optional note of "Stop retrying" and "Mark as delivered": a JSON body `{ "reason"?: string }`, or
 * no body at all (an integrator's bare POST).
 */
export async function readNote(req: Request): Promise<string | null> {
  const hasBody = Number(req.headers.get('content-length') ?? 0) > 0 || req.headers.has('transfer-encoding');
  if (!hasBody) return null;
  return parseOrThrow(deliveryNoteSchema, await readJson(req, 4 * 1024)).reason || null;
}

/** How a delivery records a person's decision: who, and why when they said. */
export function decisionNote(verb: string, who: string, reason: string | null): string {
  return `${verb} by ${who}${reason ? `: ${reason}` : '.'}`;
}
