import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { erasurePreview } from '@/lib/data/contacts';

export const dynamic = 'force-dynamic';

/** What erasing this contact would remove, for the confirmation (admin). */
export const GET = route(async (req, ctx: { params: Promise<{ contact: string }> }) => {
  await requireActor(req, 'contacts:erase');
  return json(await erasurePreview((await ctx.params).contact));
});
