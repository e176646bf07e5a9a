import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';

export const dynamic = 'force-dynamic';

export const GET = route((req) => json({ user: requireActor(req) }));
