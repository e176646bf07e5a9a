import 'server-only';
import { and, asc, eq } from 'drizzle-orm';

import { schema } from '@/db';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import type { EventData } from '@/lib/validations/event';
import { parseOrThrow } from '@/lib/validations/parse';
import {
  detailLabelsSchema,
  parseTemplateEvent,
  templateSchema,
  type DetailLabels,
} from '@/lib/validations/template';
import { affectedRows, db, withTransaction } from './engine';
import { holdIntegration } from './integration-lock';
import { getIntegrationRow } from './integrations';

export interface TemplateView {
  id: number;
  integrationId: number;
  name: string;
  type: string;
  event: Partial<EventData>;
  createdAt: number;
}

type TemplateRow = typeof schema.templates.$inferSelect;
const toTemplateView = (t: TemplateRow): TemplateView => ({ ...t, event: t.event as Partial<EventData> });

export async function listTemplates(integrationId: number): Promise<TemplateView[]> {
  await getIntegrationRow(integrationId);
  const t = schema.templates;
  const rows = await db().select().from(t).where(eq(t.integrationId, integrationId)).orderBy(asc(t.name));
  return rows.map(toTemplateView);
}

export async function createTemplate(integrationId: number, input: unknown): Promise<TemplateView> {
  const data = parseOrThrow(templateSchema, input);
  const parsed = parseTemplateEvent(data.event);
  if (!parsed.ok) throw new ValidationError(parsed.message, parsed.fieldErrors);
  // The unique index on (integration, name) decides a clash in the insert itself: a check before it
  // would let two saves of the same name both pass it, and the second fail on the index.
  const [row] = await withTransaction(async () => {
    await holdIntegration(integrationId);
    await getIntegrationRow(integrationId);
    return db()
      .insert(schema.templates)
      .values({ integrationId, name: data.name, type: parsed.event.type ?? 'OTHER', event: parsed.event })
      .onConflictDoNothing()
      .returning();
  });
  if (!row)
    throw new ConflictError('A template with this name exists; pick another name.', {
      name: ['Already used.'],
    });
  return toTemplateView(row);
}

export async function deleteTemplate(integrationId: number, templateId: number): Promise<void> {
  const t = schema.templates;
  const result = await db()
    .delete(t)
    .where(and(eq(t.integrationId, integrationId), eq(t.id, templateId)));
  if (!affectedRows(result)) throw new NotFoundError('This template does not exist.');
}

export async function getDetailLabels(integrationId: number): Promise<DetailLabels> {
  return ((await getIntegrationRow(integrationId)).detailLabels as DetailLabels | null) ?? {};
}

export async function setDetailLabels(integrationId: number, input: unknown): Promise<DetailLabels> {
  await getIntegrationRow(integrationId);
  const labels = Object.fromEntries(
    Object.entries(parseOrThrow(detailLabelsSchema, input)).filter(([, v]) => v !== undefined),
  ) as DetailLabels;
  await db()
    .update(schema.integrations)
    .set({ detailLabels: labels })
    .where(eq(schema.integrations.id, integrationId));
  return labels;
}
