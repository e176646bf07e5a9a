import 'server-only';

import type { schema } from '@/db';
import { config } from '@/lib/config';
import { DEFAULT_ALLOWED_TYPES, type CollectorSettings } from '@/lib/validations/collector';

type IntegrationRow = typeof schema.integrations.$inferSelect;

export interface CollectorView {
  /** Public: it appears in the website's page source. Rotate it to cut off old snippets. */
  key: string;
  enabled: boolean;
  allowedOrigins: string[];
  allowedTypes: string[];
  /** Where the website's snippet posts events. */
  url: string;
}

export function collectorUrl(key: string): string {
  return `${config().publicUrl}/api/collect/${key}`;
}

export function toCollectorView(row: IntegrationRow): CollectorView {
  return {
    key: row.collectorKey,
    enabled: row.collectorEnabled,
    allowedOrigins: (row.collectorAllowedOrigins as string[] | null) ?? [],
    allowedTypes: (row.collectorAllowedTypes as string[] | null) ?? [...DEFAULT_ALLOWED_TYPES],
    url: collectorUrl(row.collectorKey),
  };
}

/** The collector part of an integration update; omitted fields keep their stored values. */
export function collectorPatch(
  settings: CollectorSettings | undefined,
): Partial<typeof schema.integrations.$inferInsert> {
  if (!settings) return {};
  return {
    ...(settings.enabled !== undefined ? { collectorEnabled: settings.enabled } : {}),
    ...(settings.allowedOrigins !== undefined ? { collectorAllowedOrigins: settings.allowedOrigins } : {}),
    ...(settings.allowedTypes !== undefined ? { collectorAllowedTypes: settings.allowedTypes } : {}),
  };
}
