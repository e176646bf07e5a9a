import { readBody } from '@/lib/api/respond';
import { identifySandboxVisitor, recordSandboxVisit, sandboxStore } from '@/lib/data/sandbox';
import { PayloadTooLargeError } from '@/lib/errors';
import { CLOSE_CONNECTION } from '@/lib/http/read-body';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A page view report is a client ID, a URL and a contact id: far below this. */
const MAX_VISIT_BYTES = 8192;

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST, OPTIONS' };

/**
 * The sandbox sm.js reports each page view here (text/plain, no cookies), which is how the console can
 * say "code seen on <page> at <time>". Public, like SALESmanago's own tracking endpoint. The answer names
 * the visitor's sandbox contact, which sm.js keeps in the smclient cookie.
 */
export async function POST(req: Request): Promise<Response> {
  let text: string;
  try {
    text = await readBody(req, MAX_VISIT_BYTES);
  } catch (err) {
    if (!(err instanceof PayloadTooLargeError)) throw err;
    return new Response(null, { status: 413, headers: { ...CORS, ...CLOSE_CONNECTION } });
  }
  let visit: { clientId?: unknown; url?: unknown; smclient?: unknown } = {};
  try {
    visit = JSON.parse(text) as typeof visit;
  } catch {
    return new Response(null, { status: 400, headers: CORS });
  }
  const clientId = typeof visit.clientId === 'string' ? visit.clientId : '';
  const url = typeof visit.url === 'string' ? visit.url : '';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(clientId) || !/^https?:\/\//i.test(url)) {
    return new Response(null, { status: 400, headers: CORS });
  }
  // Only the sandbox's own account is tracked; anything else is ignored, as SALESmanago would.
  const account = await sandboxStore.findAccount(clientId);
  if (!account) return new Response(null, { status: 204, headers: CORS });
  await recordSandboxVisit(clientId, url, req.headers.get('user-agent'));
  const contactId = await identifySandboxVisitor(
    account.id,
    typeof visit.smclient === 'string' ? visit.smclient : '',
  );
  return new Response(JSON.stringify({ contactId }), {
    status: 200,
    headers: { ...CORS, 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

export function OPTIONS(): Response {
  return new Response(null, {
    status: 204,
    headers: { ...CORS, 'access-control-allow-headers': 'content-type' },
  });
}
