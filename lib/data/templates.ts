import 'server-only';
import { and, asc, eq } from 'drizzle-orm';

import { getDb, schema } from '@/db';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import type { EventData } from '@/lib/validations/event';
import { parseOrThrow } from '@/lib/validations/parse';
import {
  detailLabelsSchema,
  parseTemplateEvent,
  templateSchema,
  type DetailLabels,
} from '@/lib/validations/template';
import { getIntegrationRowSync } from './integrations';

export interface TemplateView {
  id: number;
  integrationId: number;
  name: string;
  type: string;
  event: Partial<EventData>;
  createdAt: number;
}

export async function listTemplates(integrationId: number): Promise<TemplateView[]> {
  getIntegrationRowSync(integrationId);
  return getDb()
    .select()
    .from(schema.templates)
    .where(eq(schema.templates.integrationId, integrationId))
    .orderBy(asc(schema.templates.name))
    .all()
    .map((t) => ({ ...t, event: t.event as Partial<EventData> }));
}

export async function createTemplate(integrationId: number, input: unknown): Promise<TemplateView> {
  getIntegrationRowSync(integrationId);
  const data = parseOrThrow(templateSchema, input);
  const parsed = parseTemplateEvent(data.event);
  if (!parsed.ok) throw new ValidationError(parsed.message, parsed.fieldErrors);
  const db = getDb();
  const clash = db
    .select({ id: schema.templates.id })
    .from(schema.templates)
    .where(and(eq(schema.templates.integrationId, integrationId), eq(schema.templates.name, data.name)))
    .get();
  if (clash)
    throw new ConflictError('A template with this name exists; pick another name.', {
      name: ['Already used.'],
    });
  const row = db
    .insert(schema.templates)
    .values({ integrationId, name: data.name, type: parsed.event.type ?? 'OTHER', event: parsed.event })
    .returning()
    .get();
  return { ...row, event: row.event as Partial<EventData> };
}

export async function deleteTemplate(integrationId: number, templateId: number): Promise<void> {
  const changes = getDb()
    .delete(schema.templates)
    .where(and(eq(schema.templates.integrationId, integrationId), eq(schema.templates.id, templateId)))
    .run().changes;
  if (!changes) throw new NotFoundError('This template does not exist.');
}

export async function getDetailLabels(integrationId: number): Promise<DetailLabels> {
  return (getIntegrationRowSync(integrationId).detailLabels as DetailLabels | null) ?? {};
}

export async function setDetailLabels(integrationId: number, input: unknown): Promise<DetailLabels> {
  getIntegrationRowSync(integrationId);
  const labels = Object.fromEntries(
    Object.entries(parseOrThrow(detailLabelsSchema, input)).filter(([, v]) => v !== undefined),
  ) as DetailLabels;
  getDb()
    .update(schema.integrations)
    .set({ detailLabels: labels })
    .where(eq(schema.integrations.id, integrationId))
    .run();
  return labels;
}
