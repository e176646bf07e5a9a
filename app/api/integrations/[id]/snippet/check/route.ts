import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { config } from '@/lib/config';
import { ForbiddenError, RateLimitError } from '@/lib/errors';
import { checkIntegrationSnippet, MAX_CHECK_SOURCE_BYTES } from '@/lib/integrations/snippet-check';
import { can } from '@/lib/roles';
import { createRateLimiter } from '@/lib/rate-limit';

export const dynamic = 'force-dynamic';

// A page check fetches from the internet on the caller's behalf: a few per minute per user.
const checks = createRateLimiter({ capacity: 20, refillPerMinute: 10 });

/** `{html}` or `{url}` (and optionally the `options` to compare with) → `{status, findings, scriptsFound, source?}`. */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'integrations:read');
  const id = idParam((await ctx.params).id);
  const body = await readJson(req, MAX_CHECK_SOURCE_BYTES + 64 * 1024);
  const fetchesPage = typeof body === 'object' && body !== null && 'url' in body;
  if (fetchesPage && !can(actor.role, 'snippet:fetch-page')) {
    throw new ForbiddenError(
      `Your role (${actor.role}) can check pasted code but cannot make the console fetch a page. Open the page, view its source and paste it instead.`,
    );
  }
  const limit = fetchesPage ? checks.take(`user:${actor.id}`) : undefined;
  if (limit && !limit.ok) {
    throw new RateLimitError(
      `Too many checks in a short time. Try again in ${limit.retryAfterSeconds} seconds.`,
      limit.retryAfterSeconds,
    );
  }
  return json(await checkIntegrationSnippet(id, body, { allowHosts: config().snippetFetchAllowHosts }));
});
