import 'server-only';
import { notFound } from 'next/navigation';

import type { Role } from '@/db/enums';
import { getIntegration, type IntegrationView } from '@/lib/data/integrations';
import { NotFoundError } from '@/lib/errors';

/** Reads the integration for an /integrations/[id]/… page, or shows Next's 404. */
export function loadIntegration(idText: string, role: Role): IntegrationView {
  const id = Number(idText);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  try {
    return getIntegration(id, role);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}
