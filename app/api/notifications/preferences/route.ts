import { json, readJson, route } from '@/lib/api/respond';
import { requirePerson } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { savePreferences } from '@/lib/data/notification-settings';

export const dynamic = 'force-dynamic';

/** `{ digest, integrationIds }`: which incidents the signed-in person hears about by email, and the digest. */
export const PUT = route(async (req) => {
  const actor = await requirePerson(req);
  const saved = await savePreferences(actor.id, await readJson(req, 16 * 1024));
  const names = saved.integrations.filter((i) => i.subscribed).map((i) => `“${i.name}”`);
  await audit(
    actor.audit,
    'notifications.preferences',
    `Email about ${names.length ? names.join(', ') : 'no integration'}; weekly digest ${saved.digest ? 'on' : 'off'}.`,
    { type: 'user', id: actor.id },
    { integrationIds: saved.integrationIds, digest: saved.digest },
  );
  return json(saved);
});
