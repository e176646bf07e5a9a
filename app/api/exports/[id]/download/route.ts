import { Readable } from 'node:stream';

import { idParam, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { exportDownload } from '@/lib/jobs/export-files';

export const dynamic = 'force-dynamic';

const TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' };

/** A finished export's file, streamed, for the person who started it only (404 for anyone else). */
export const GET = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'deliveries:read');
  const { open, filename, format, bytes } = await exportDownload(idParam((await ctx.params).id), actor.id);
  // Streamed from the store that holds it (DATA_DIR on SQLite, the database on PostgreSQL).
  const body = Readable.toWeb(open()) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      'content-type': TYPES[format],
      'content-length': String(bytes),
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
});
