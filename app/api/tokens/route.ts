import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { createToken, listTokens } from '@/lib/data/tokens';

export const dynamic = 'force-dynamic';

export const GET = route(async (req) => {
  await requireActor(req, 'tokens:manage');
  return json({ items: await listTokens() });
});

/** `{name, role}` → `{token}`: the only time the token's value is ever shown. */
export const POST = route(async (req) => {
  const actor = await requireActor(req, 'tokens:manage');
  const { token, view } = await createToken(await readJson(req, 4 * 1024), actor.id);
  await audit(actor.audit, 'token.create', `Created API token “${view.name}” (${view.role}).`, {
    type: 'token',
    id: view.id,
  });
  return json({ token, ...view }, { status: 201 });
});
