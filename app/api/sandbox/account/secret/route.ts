import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { setSandboxSecret } from '@/lib/data/sandbox';

export const dynamic = 'force-dynamic';

/**
 * `{ "apiSecret" }`: the sandbox account's new API secret (write-only, never answered back). Integrations
 * signing with the old one are refused from now on, as after a rotation in SALESmanago.
 */
export const PUT = route(async (req) => {
  const actor = await requireActor(req, 'sandbox:manage');
  await setSandboxSecret(await readJson(req, 4 * 1024));
  await audit(actor.audit, 'sandbox.secret', 'Gave the sandbox account a new API secret.');
  return json({ ok: true });
});
