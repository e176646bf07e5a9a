import { idParam, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { deleteTemplate } from '@/lib/data/templates';

export const dynamic = 'force-dynamic';

export const DELETE = route(async (req, ctx: { params: Promise<{ id: string; templateId: string }> }) => {
  await requireActor(req, 'templates:manage');
  const { id, templateId } = await ctx.params;
  await deleteTemplate(idParam(id), idParam(templateId));
  return new Response(null, { status: 204 });
});
