import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { contactTimeline, eraseContact } from '@/lib/data/contacts';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ contact: string }> };

const cursorOf = (req: Request) => {
  const n = Number(new URL(req.url).searchParams.get('cursor'));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

/** A contact's timeline: every delivery filed under this email or contact ID, newest first. */
export const GET = route(async (req, ctx: Ctx) => {
  await requireActor(req, 'deliveries:read');
  return json(await contactTimeline((await ctx.params).contact, cursorOf(req)));
});

/** GDPR erasure (admin). The audit line says that it happened and how much went, never who. */
export const DELETE = route(async (req, ctx: Ctx) => {
  const actor = await requireActor(req, 'contacts:erase');
  const removed = await eraseContact((await ctx.params).contact);
  await audit(
    actor.audit,
    'contact.erase',
    `Erased a contact: ${removed.deliveries} deliveries and ${removed.attempts} attempts removed.`,
    undefined,
    { ...removed },
  );
  return json(removed);
});
