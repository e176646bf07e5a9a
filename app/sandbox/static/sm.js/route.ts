import { config } from '@/lib/config';
import { renderSandboxSmJs } from '@/lib/sandbox/sm-js';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The sandbox's stand-in for SALESmanago's sm.js: drains the `sm` queue and reports the visit. */
export function GET(): Response {
  return new Response(renderSandboxSmJs(config().sandboxUrl), {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
    },
  });
}
