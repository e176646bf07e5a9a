import { parseId } from '@/lib/ids';
import { isEventType, type EventType } from '@/lib/salesmanago/event-types';

export interface ComposerParams {
  integrationId?: number;
  type?: EventType;
  /** Edit and resend: prefill from this delivery. */
  from?: number;
}

const id = (v: string | string[] | undefined) => parseId(Array.isArray(v) ? v[0] : v);

/** Unknown or malformed values are ignored: the composer then starts from its defaults. */
export function parseComposerParams(sp: Record<string, string | string[] | undefined>): ComposerParams {
  const type = typeof sp.type === 'string' ? sp.type.toUpperCase() : undefined;
  return {
    integrationId: id(sp.integrationId),
    type: isEventType(type) ? type : undefined,
    from: id(sp.from),
  };
}
