import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';

import { engineKind, preparedStatement, schema } from '@/db';
import type { Role, VerificationTrigger } from '@/db/schema';
import { clockNow } from '@/lib/clock';
import { can } from '@/lib/roles';
import { config } from '@/lib/config';
import { decryptSecret, encryptSecret, secretHint } from '@/lib/crypto';
import { CredentialsChangedError, NotFoundError, ValidationError } from '@/lib/errors';
import type { Credentials } from '@/lib/salesmanago/auth';
import { normalizeEndpoint } from '@/lib/salesmanago/endpoint';
import { DEFAULT_UNKNOWN_OUTCOME, type UnknownOutcomePolicy } from '@/lib/salesmanago/duplicates';
import {
  createIntegrationSchema,
  unknownOutcomeSchema,
  updateIntegrationSchema,
} from '@/lib/validations/integration';
import { parseOrThrow } from '@/lib/validations/parse';
import type { AuditActor } from './audit';
import { affectedRows, db, rawRows, retryOnConflict, withSqliteClient, withTransaction } from './engine';
import { holdIntegration } from './integration-lock';
import { collectorPatch, toCollectorView, type CollectorView } from './collector-view';
import { resolveIncidentsOfIntegration } from './incident-writes';
import { openIncidentsByIntegration, type IncidentView } from './incidents';
import { sendingStateOf, type SendingState } from './sending-pause';
import { recordVerification } from './verifications';

type IntegrationRow = typeof schema.integrations.$inferSelect;

/** The columns a verification checks: an edit of any of them makes the last verdict speak of others. */
const CREDENTIAL_COLUMNS = ['endpoint', 'clientId', 'owner', 'apiKeyEnc', 'apiSecretEnc'] as const;

/** The integration and its credentials as a check read them before calling SALESmanago. */
export type CheckedCredentials = Pick<IntegrationRow, 'id' | (typeof CREDENTIAL_COLUMNS)[number]>;

export interface VerificationCheck {
  name: string;
  label: string;
  ok: boolean;
  /** Did not run because an earlier check failed (shown grey, "not checked"). */
  notChecked?: true;
  message: string;
}

export interface VerificationView {
  status: 'ok' | 'failed';
  at: number;
  checks: VerificationCheck[];
  users: string[];
}

/** What any reader may see of an integration. Secrets never leave; hints only for admins. */
export interface IntegrationView {
  id: number;
  name: string;
  endpoint: string;
  host: string;
  clientId: string;
  owner: string;
  isSandbox: boolean;
  apiKeySet: true;
  apiSecretSet: true;
  apiKeyHint?: string;
  apiSecretHint?: string;
  verification: VerificationView | null;
  /** The SALESmanago account's users as last listed (admins only: it names the client's staff). */
  accountUsers: string[];
  /** The public collector for website events (the key is public by design). */
  collector: CollectorView;
  /** After an unknown outcome: ask a person or retry automatically, per group of event types. */
  unknownOutcome: UnknownOutcomePolicy;
  /** The integration's own names for detail slots (e.g. detail9 = Currency); no secret in them. */
  detailLabels: Partial<Record<string, string>>;
  /** Whether it sends now, and if not, why (paused by hand, or by a credentials incident). */
  sending: SendingState;
  /** Its open and acknowledged incidents, oldest first. */
  openIncidents: IncidentBrief[];
  createdAt: number;
  updatedAt: number;
}

/** What an integration screen says of an open incident; the incident's page says the rest. */
export type IncidentBrief = Pick<IncidentView, 'id' | 'cause' | 'state' | 'title' | 'firstSeenAt'>;

export function toIntegrationView(
  row: IntegrationRow,
  role: Role,
  incidents: IncidentView[] = [],
): IntegrationView {
  const credentials = incidents.find((x) => x.cause === 'credentials');
  const hints = can(role, 'credentials:read-hints');
  return {
    id: row.id,
    name: row.name,
    endpoint: row.endpoint,
    host: new URL(row.endpoint).host,
    clientId: row.clientId,
    owner: row.owner,
    isSandbox: row.isSandbox,
    apiKeySet: true,
    apiSecretSet: true,
    ...(hints ? { apiKeyHint: row.apiKeyHint, apiSecretHint: row.apiSecretHint } : {}),
    verification:
      row.verifyStatus && row.verifiedAt
        ? {
            status: row.verifyStatus as 'ok' | 'failed',
            at: row.verifiedAt,
            ...(row.verifyResult as { checks: VerificationCheck[]; users: string[] }),
          }
        : null,
    accountUsers: hints ? (row.accountUsers ?? []) : [],
    collector: toCollectorView(row),
    unknownOutcome: {
      ...DEFAULT_UNKNOWN_OUTCOME,
      ...(row.unknownOutcome as Partial<UnknownOutcomePolicy> | null),
    },
    detailLabels: (row.detailLabels as Partial<Record<string, string>> | null) ?? {},
    sending: sendingStateOf(row, credentials),
    openIncidents: incidents.map(({ id, cause, state, title, firstSeenAt }) => ({
      id,
      cause,
      state,
      title,
      firstSeenAt,
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function checkEndpoint(input: string): string {
  const cfg = config();
  const result = normalizeEndpoint(input, {
    allowedHosts: cfg.allowedEndpointHosts,
    sandboxUrl: cfg.sandboxUrl,
  });
  if (!result.ok) throw new ValidationError(result.message, { endpoint: [result.message] });
  return result.url;
}

function isSandboxEndpoint(url: string): boolean {
  return url === config().sandboxUrl;
}

const INTEGRATION_GONE = 'This integration does not exist (it may have been deleted).';

function found(row: IntegrationRow | undefined): IntegrationRow {
  if (!row) throw new NotFoundError(INTEGRATION_GONE);
  return row;
}

const integrationExistsStatement = preparedStatement<[number]>('SELECT 1 FROM integrations WHERE id = ?');

/**
 * 404 unless integration `id` exists: a seek on its key, without reading or decoding the row (for a
 * read that only names it, like the overview's; through the query builder it cost the overview 0.3 ms).
 */
export async function requireIntegration(id: number): Promise<void> {
  const exists =
    engineKind() === 'pg'
      ? (await rawRows(sql`SELECT 1 AS one FROM integrations WHERE id = ${id}`)).length > 0
      : (await withSqliteClient(() => integrationExistsStatement().get(id))) !== undefined;
  if (!exists) throw new NotFoundError(INTEGRATION_GONE);
}

export async function getIntegrationRow(id: number): Promise<IntegrationRow> {
  return found(await findIntegrationRow(id));
}

export async function findIntegrationRow(id: number): Promise<IntegrationRow | undefined> {
  const [row] = await db().select().from(schema.integrations).where(eq(schema.integrations.id, id)).limit(1);
  return row;
}

export async function listIntegrations(role: Role): Promise<IntegrationView[]> {
  const incidents = await openIncidentsByIntegration();
  const t = schema.integrations;
  const rows = await db().select().from(t).orderBy(asc(t.name), asc(t.id));
  return rows.map((row) => toIntegrationView(row, role, incidents.get(row.id)));
}

export async function getIntegration(id: number, role: Role): Promise<IntegrationView> {
  const row = await getIntegrationRow(id);
  return toIntegrationView(row, role, (await openIncidentsByIntegration(id)).get(id));
}

export function newCollectorKey(): string {
  return `ck_${randomBytes(12).toString('base64url')}`;
}

export async function createIntegration(input: unknown, role: Role): Promise<IntegrationView> {
  const data = parseOrThrow(createIntegrationSchema, input);
  const endpoint = checkEndpoint(data.endpoint);
  const now = Date.now();
  const [row] = await db()
    .insert(schema.integrations)
    .values({
      name: data.name,
      endpoint,
      clientId: data.clientId,
      owner: data.owner,
      apiKeyEnc: encryptSecret(data.apiKey),
      apiKeyHint: secretHint(data.apiKey),
      apiSecretEnc: encryptSecret(data.apiSecret),
      apiSecretHint: secretHint(data.apiSecret),
      isSandbox: isSandboxEndpoint(endpoint),
      collectorKey: newCollectorKey(),
      updatedAt: now,
    })
    .returning();
  return toIntegrationView(row!, role);
}

export async function updateIntegration(id: number, input: unknown, role: Role): Promise<IntegrationView> {
  const data = parseOrThrow(updateIntegrationSchema, input);
  const patch: Partial<typeof schema.integrations.$inferInsert> = { updatedAt: Date.now() };
  if (data.name !== undefined) patch.name = data.name;
  if (data.endpoint !== undefined) {
    patch.endpoint = checkEndpoint(data.endpoint);
    patch.isSandbox = isSandboxEndpoint(patch.endpoint);
  }
  if (data.clientId !== undefined) patch.clientId = data.clientId;
  if (data.owner !== undefined) patch.owner = data.owner;
  Object.assign(patch, collectorPatch(data.collector));
  if (data.apiKey !== undefined) {
    patch.apiKeyEnc = encryptSecret(data.apiKey);
    patch.apiKeyHint = secretHint(data.apiKey);
  }
  if (data.apiSecret !== undefined) {
    patch.apiSecretEnc = encryptSecret(data.apiSecret);
    patch.apiSecretHint = secretHint(data.apiSecret);
  }
  // What is compared with the stored credentials is written in the same transaction (a read, then a
  // write on the strength of it: docs/architecture.md, "The data layer's contract").
  await withTransaction(async () => {
    const current = await getIntegrationRow(id);
    const credentialsChanged = CREDENTIAL_COLUMNS.some(
      (k) => patch[k] !== undefined && patch[k] !== current[k],
    );
    // A verification speaks of the credentials it checked; new ones must be verified again.
    if (credentialsChanged)
      Object.assign(patch, { verifyStatus: null, verifiedAt: null, verifyResult: null });
    await db().update(schema.integrations).set(patch).where(eq(schema.integrations.id, id));
  });
  return getIntegration(id, role);
}

export async function setUnknownOutcome(id: number, input: unknown, role: Role): Promise<IntegrationView> {
  const policy = parseOrThrow(unknownOutcomeSchema, input);
  await getIntegrationRow(id);
  await db()
    .update(schema.integrations)
    .set({ unknownOutcome: policy, updatedAt: Date.now() })
    .where(eq(schema.integrations.id, id));
  return getIntegration(id, role);
}

/** Deletes an integration; its unresolved incidents are resolved first (they stay, by name). */
export async function deleteIntegration(
  id: number,
  actor: AuditActor = { id: null, label: 'the console' },
): Promise<void> {
  // A send settling now may hold the integration's deliveries and wait for the integration: PostgreSQL
  // then rolls one of the two back, and the delete runs again.
  await retryOnConflict(() =>
    withTransaction(async () => {
      // Held first: an incident check opening an incident for it now waits, then finds it gone; a second
      // delete at the same moment waits, then answers 404 instead of resolving its incidents again.
      await holdIntegration(id);
      await getIntegrationRow(id);
      await resolveIncidentsOfIntegration(id, actor, Date.now());
      await db().delete(schema.integrations).where(eq(schema.integrations.id, id));
    }),
  );
}

/** Server-side only: the decrypted credentials for signing a request. Never returned by an API. */
export function getCredentials(row: IntegrationRow): Credentials {
  return {
    clientId: row.clientId,
    apiKey: decryptSecret(row.apiKeyEnc),
    apiSecret: decryptSecret(row.apiSecretEnc),
    owner: row.owner,
  };
}

/**
 * Where the server sends an integration's API calls. The sandbox is reached on loopback, whatever
 * PUBLIC_URL says, so a console behind a proxy never sends sandbox traffic out and back in.
 */
export function apiBaseUrl(row: Pick<IntegrationRow, 'endpoint' | 'isSandbox'>): string {
  return row.isSandbox ? `${config().internalUrl}/sandbox` : row.endpoint;
}

/**
 * Stores a verification: the last one on the integration (with its checks, for the settings screen),
 * and a line in its verification history (when, why, passed or the first failed check's sentence).
 * Only while the integration's credentials are still those the check read (`checked`): an edit during
 * the call to SALESmanago made the verdict speak of old credentials, so it is dropped with
 * CredentialsChangedError (the edit cleared the last verification; the next check, scheduled or by
 * hand, checks the new ones). The comparison is part of the update's condition, so an edit committing
 * at the same moment either comes before it (nothing recorded) or after it (and clears it).
 */
export async function saveVerification(
  checked: CheckedCredentials,
  result: { ok: boolean; checks: VerificationCheck[]; users: string[] },
  trigger: VerificationTrigger = 'manual',
): Promise<void> {
  const t = schema.integrations;
  // The credential schedule reads this time (lib/incidents/rules.ts), so it is the timers' clock.
  const at = clockNow();
  await withTransaction(async () => {
    const updated = await db()
      .update(t)
      .set({
        verifyStatus: result.ok ? 'ok' : 'failed',
        verifiedAt: at,
        verifyResult: { checks: result.checks, users: result.users },
        ...(result.users.length ? { accountUsers: result.users } : {}),
      })
      .where(and(eq(t.id, checked.id), ...CREDENTIAL_COLUMNS.map((k) => eq(t[k], checked[k]))));
    if (affectedRows(updated) !== 1) {
      await getIntegrationRow(checked.id); // 404 when it was deleted meanwhile
      throw new CredentialsChangedError();
    }
    await recordVerification(checked.id, at, trigger, result);
  });
}
