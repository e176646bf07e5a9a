import { describe, expect, it } from 'vitest';

import { parseEvent } from '@/lib/validations/event';
import { MASK, previewEventRequest } from './event-body';
import { buildAddEventRequest, buildUpdateEventRequest } from './requests';

const creds = { clientId: 'abc123', apiKey: 'key-1', apiSecret: 'secret-1', owner: 'owner@example.com' };

function event(input: Record<string, unknown>) {
  const parsed = parseEvent(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.data;
}

describe('previewEventRequest', () => {
  it('is the signed add request with only the API key and sha masked', () => {
    const e = event({
      type: 'purchase',
      email: 'a@example.com',
      date: 1_700_000_000_000,
      value: 10.5,
      products: ['p1', 'p2'],
    });
    const real = buildAddEventRequest(creds, e, 1_700_000_000_123);
    const preview = previewEventRequest(creds, e, 'add', 1_700_000_000_123);
    expect(preview.path).toBe(real.path);
    expect(preview.body).toEqual({ ...real.body, apiKey: MASK, sha: MASK });
    expect(JSON.stringify(preview)).not.toContain('key-1');
    expect(JSON.stringify(preview)).not.toContain(String(real.body.sha));
  });

  it('matches the update request, eventId inside contactEvent', () => {
    const e = event({
      type: 'CART',
      contactId: '3521dc0f-a934-4b6c-bb08-84f2e144047d',
      date: 1_700_000_000_000,
      eventId: '1e5a7a8e-1111-4b6c-bb08-84f2e144047d',
    });
    const real = buildUpdateEventRequest(creds, { ...e, eventId: e.eventId! }, 5);
    const preview = previewEventRequest(creds, e, 'update', 5);
    expect(preview.path).toBe('/api/v2/contact/updateContactExtEvent');
    expect(preview.body).toEqual({ ...real.body, apiKey: MASK, sha: MASK });
    expect((preview.body.contactEvent as Record<string, unknown>).eventId).toBe(e.eventId);
  });
});
