import 'server-only';
import { notFound } from 'next/navigation';

import type { Role } from '@/db/enums';
import { getIntegration, type IntegrationView } from '@/lib/data/integrations';
import { NotFoundError } from '@/lib/errors';
import { parseId } from '@/lib/ids';

/** Reads the integration for an /integrations/[id]/… page, or shows Next's 404. */
export async function loadIntegration(idText: string, role: Role): Promise<IntegrationView> {
  const id = parseId(idText);
  if (id === undefined) notFound();
  try {
    return await getIntegration(id, role);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}
