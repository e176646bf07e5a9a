import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';

export const dynamic = 'force-dynamic';

export const GET = route(async (req) => json({ user: await requireActor(req) }));
