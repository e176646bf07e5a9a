import type { ReadableStream as WebReadableStream } from 'node:stream/web';

import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { assertCsvContentType } from '@/lib/backfill/receive';
import { createBackfillUpload, listBackfills } from '@/lib/backfill/lifecycle';
import { rememberIntegration } from '@/lib/data/last-integration';
import { backfillUploadSchema } from '@/lib/validations/backfill';
import { parseOrThrow } from '@/lib/validations/parse';

export const dynamic = 'force-dynamic';

/** Recent CSV imports, newest first. */
export const GET = route(async (req) => {
  await requireActor(req, 'backfill:run');
  return json({ items: await listBackfills() });
});

/**
 * Upload a CSV of past events: the file itself is the body (`content-type: text/csv`), streamed to disk;
 * `?integrationId=` says where its rows go and `?filename=` names it in the list. Answers 201 with the
 * pending import: the detected separator and header, the columns and a suggested mapping.
 */
export const POST = route(async (req) => {
  // A refused upload is not read to its end: the server closes the connection after the answer.
  const actor = await requireActor(req, 'backfill:run');
  const q = new URL(req.url).searchParams;
  const input = parseOrThrow(backfillUploadSchema, {
    integrationId: q.get('integrationId') ?? undefined,
    filename: q.get('filename') ?? undefined,
  });
  assertCsvContentType(req.headers.get('content-type'));
  const declared = req.headers.get('content-length');
  const view = await createBackfillUpload(input, req.body as WebReadableStream<Uint8Array> | null, {
    declaredBytes: declared ? Number(declared) : undefined,
    createdBy: actor.id,
  });
  await rememberIntegration(actor.via === 'session' ? actor.id : null, input.integrationId);
  return json(view, { status: 201 });
});
