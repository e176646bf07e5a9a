import { z } from 'zod';

import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { can } from '@/lib/roles';
import { apiBaseUrl, getCredentials, getIntegrationRow } from '@/lib/data/integrations';
import { parseEventOrThrow } from '@/lib/delivery/compose';
import { ForbiddenError } from '@/lib/errors';
import { toCurl } from '@/lib/salesmanago/curl';
import { buildAddEventRequest, buildUpdateEventRequest } from '@/lib/salesmanago/requests';
import { parseOrThrow } from '@/lib/validations/parse';

export const dynamic = 'force-dynamic';

const curlRequestSchema = z.strictObject({
  event: z.unknown(),
  includeSecrets: z.boolean().default(false),
});

/** Copy as cURL: secrets become shell variables unless an admin asks for them explicitly. */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'events:send');
  const { event: input, includeSecrets } = parseOrThrow(curlRequestSchema, await readJson(req, 64 * 1024));
  if (includeSecrets && !can(actor.role, 'curl:include-secrets')) {
    throw new ForbiddenError('Only admins can copy a request with the API key and sha in it.');
  }
  const integration = await getIntegrationRow(idParam((await ctx.params).id));
  const event = parseEventOrThrow(input);
  const creds = getCredentials(integration);
  const request = event.eventId
    ? buildUpdateEventRequest(creds, { ...event, eventId: event.eventId })
    : buildAddEventRequest(creds, event);
  // The copied command must work from the marketer's machine, so it names the public endpoint.
  const base = integration.isSandbox ? integration.endpoint : apiBaseUrl(integration);
  return json({ curl: toCurl({ url: base + request.path, body: request.body, includeSecrets }) });
});
