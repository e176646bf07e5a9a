/**
 * The PostgreSQL schema (issue 17): the same tables as db/schema.ts, which is the SQLite schema and stays
 * the default engine. One data layer (lib/data) runs on both, so every column here has the same name,
 * default, nullability and TypeScript type as its SQLite twin; db/schema-parity.test.ts holds the two
 * files equal (tables, columns, types, keys, indexes with their WHERE) and their select and insert types
 * identical. What each table and column means is written once, in db/schema.ts.
 *
 * The type mapping (docs/architecture.md, "PostgreSQL schema (issue 17)"):
 * - integer → bigint, mode number: SQLite integers are 64-bit, so every value SQLite holds fits (ids,
 *   epoch-millisecond timestamps, counters, revenue in ten-thousandths) without a guess per column;
 *   drizzle reads them as numbers, as better-sqlite3 does.
 * - integer, mode boolean → boolean.
 * - integer primary key AUTOINCREMENT → bigint identity BY DEFAULT (not ALWAYS): neither reuses an id,
 *   and moving a console (db:copy) must insert the ids it copies (then set the sequence past them).
 * - real → double precision: SQLite's reals are 8-byte floats, PostgreSQL's real only 4 bytes.
 * - text, mode json → json, not jsonb: json keeps the text exactly as written (key order, spacing,
 *   number spelling) as SQLite's text does, so an event or a redacted request reads back identically on
 *   both engines and is shown as sent; node-postgres parses json and drizzle stringifies it, so the
 *   TypeScript type is the same. Nothing needs jsonb's operators or indexes: search has its own trigram
 *   table (migration-pg 0001), and the triggers compare json values as ::text (json has no `=`).
 * - text with an enum → text: no PostgreSQL enum types, so a new value needs no ALTER TYPE.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

import {
  DELIVERY_SOURCES,
  DELIVERY_STATUSES,
  INCIDENT_CAUSES,
  INCIDENT_STATES,
  JOB_KINDS,
  JOB_STATUSES,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_STATUSES,
  ROLES,
  OVERVIEW_BASES,
  REFUSAL_CAUSES,
  ROLLUP_EVENT_TYPES,
  VERIFICATION_TRIGGERS,
} from './enums';
import { countColumnNames } from './rollup-columns';

// Epoch milliseconds when the statement started, like SQLite's unixepoch('subsec') * 1000 (whole ms
// there; floored here, as rounding could date a row half a millisecond ahead).
/**
 * A json column read as node-postgres parses it, once. drizzle's own json() parses again any value that
 * arrives as a string, so a stored JSON string "123" would read as the number 123 (and "true" as true);
 * SQLite's json-mode text is parsed once, and this reads the same.
 */
const json = customType<{ data: unknown; driverData: unknown }>({
  dataType: () => 'json',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => value,
});

const createdAt = () =>
  bigint('created_at', { mode: 'number' })
    .notNull()
    .default(sql`(floor(extract(epoch from statement_timestamp()) * 1000))::bigint`);

export const users = pgTable('users', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  role: text('role', { enum: ROLES }).notNull(),
  passwordHash: text('password_hash').notNull(),
  lastIntegrationId: bigint('last_integration_id', { mode: 'number' }),
  createdAt: createdAt(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    lastSeenAt: bigint('last_seen_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const integrations = pgTable('integrations', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull(),
  endpoint: text('endpoint').notNull(),
  clientId: text('client_id').notNull(),
  owner: text('owner').notNull(),
  apiKeyEnc: text('api_key_enc').notNull(),
  apiKeyHint: text('api_key_hint').notNull(),
  apiSecretEnc: text('api_secret_enc').notNull(),
  apiSecretHint: text('api_secret_hint').notNull(),
  isSandbox: boolean('is_sandbox').notNull().default(false),
  verifyStatus: text('verify_status'),
  verifiedAt: bigint('verified_at', { mode: 'number' }),
  verifyResult: json('verify_result'),
  accountUsers: json('account_users').$type<string[]>(),
  snippetOptions: json('snippet_options'),
  detailLabels: json('detail_labels'),
  collectorKey: text('collector_key').notNull().unique(),
  collectorEnabled: boolean('collector_enabled').notNull().default(false),
  collectorAllowedOrigins: json('collector_allowed_origins'),
  collectorAllowedTypes: json('collector_allowed_types'),
  unknownOutcome: json('unknown_outcome'),
  installSeenAt: bigint('install_seen_at', { mode: 'number' }),
  installSeenUrl: text('install_seen_url'),
  retentionBodiesDays: bigint('retention_bodies_days', { mode: 'number' }),
  retentionDeliveriesDays: bigint('retention_deliveries_days', { mode: 'number' }),
  incidentThresholds: json('incident_thresholds'),
  pausedAt: bigint('paused_at', { mode: 'number' }),
  pausedBy: bigint('paused_by', { mode: 'number' }),
  pausedByLabel: text('paused_by_label'),
  pauseNote: text('pause_note'),
  websiteEventAt: bigint('website_event_at', { mode: 'number' }),
  createdAt: createdAt(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

export const deliveries = pgTable(
  'deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    integrationId: bigint('integration_id', { mode: 'number' }).references(() => integrations.id, {
      onDelete: 'set null',
    }),
    integrationName: text('integration_name').notNull(),
    source: text('source', { enum: DELIVERY_SOURCES }).notNull(),
    operation: text('operation', { enum: ['add', 'update'] })
      .notNull()
      .default('add'),
    type: text('type').notNull(),
    contact: text('contact').notNull(),
    externalId: text('external_id'),
    products: text('products'),
    value: doublePrecision('value'),
    currency: text('currency'),
    eventDate: bigint('event_date', { mode: 'number' }).notNull(),
    event: json('event').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    reason: text('reason'),
    reasonMessage: text('reason_message'),
    smEventId: text('sm_event_id'),
    attemptCount: bigint('attempt_count', { mode: 'number' }).notNull().default(0),
    lastHttpStatus: bigint('last_http_status', { mode: 'number' }),
    lastDurationMs: bigint('last_duration_ms', { mode: 'number' }),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }),
    leaseOwner: text('lease_owner'),
    leaseUntil: bigint('lease_until', { mode: 'number' }),
    possibleDuplicate: boolean('possible_duplicate').notNull().default(false),
    noBatch: boolean('no_batch').notNull().default(false),
    resendOf: bigint('resend_of', { mode: 'number' }),
    replacedBy: bigint('replaced_by', { mode: 'number' }),
    pageUrl: text('page_url'),
    origin: text('origin'),
    userAgent: text('user_agent'),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    completedAt: bigint('completed_at', { mode: 'number' }),
    bodiesRemovedAt: bigint('bodies_removed_at', { mode: 'number' }),
  },
  (t) => [
    index('deliveries_integration_idx').on(t.integrationId, t.id),
    index('deliveries_status_idx').on(t.status, t.id),
    index('deliveries_type_idx').on(t.type, t.id),
    index('deliveries_created_idx').on(t.createdAt),
    index('deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'retrying'`),
    index('deliveries_source_idx').on(t.source, t.id),
    index('deliveries_external_id_idx').on(t.integrationId, t.externalId),
    index('deliveries_resend_of_idx')
      .on(t.resendOf, t.status)
      .where(sql`${t.resendOf} is not null`),
    index('deliveries_reason_idx')
      .on(t.reason, t.id, t.integrationId, t.type, t.status, t.source)
      .where(sql`${t.reason} is not null`),
    index('deliveries_reason_type_idx')
      .on(t.reason, t.type, t.id)
      .where(sql`${t.reason} is not null`),
    index('deliveries_failed_idx')
      .on(t.reason, t.integrationId, t.createdAt)
      .where(sql`${t.status} = 'failed'`),
    index('deliveries_failed_type_idx')
      .on(t.type, t.id)
      .where(sql`${t.status} = 'failed'`),
    index('deliveries_failed_integration_idx')
      .on(t.integrationId, t.id)
      .where(sql`${t.status} = 'failed'`),
    index('deliveries_failed_source_idx')
      .on(t.source, t.id)
      .where(sql`${t.status} = 'failed'`),
    index('deliveries_contact_idx').on(t.contact, t.id),
    index('deliveries_bodies_kept_idx')
      .on(t.integrationId, t.createdAt)
      .where(sql`${t.bodiesRemovedAt} is null`),
    index('deliveries_retrying_attention_idx')
      .on(t.reason, t.attemptCount, t.nextAttemptAt, t.integrationId, t.createdAt)
      .where(sql`${t.status} = 'retrying'`),
    index('deliveries_queued_idx')
      .on(t.integrationId, t.id)
      .where(sql`${t.status} = 'queued'`),
  ],
);

export const attempts = pgTable(
  'attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    number: bigint('number', { mode: 'number' }).notNull(),
    startedAt: bigint('started_at', { mode: 'number' }).notNull(),
    durationMs: bigint('duration_ms', { mode: 'number' }),
    url: text('url').notNull(),
    request: json('request').notNull(),
    httpStatus: bigint('http_status', { mode: 'number' }),
    responseBody: text('response_body'),
    responseTruncated: boolean('response_truncated').notNull().default(false),
    outcome: text('outcome', { enum: ['succeeded', 'rejected', 'transient', 'in-flight'] }).notNull(),
    reason: text('reason'),
    message: text('message'),
    batchSize: bigint('batch_size', { mode: 'number' }),
  },
  (t) => [index('attempts_delivery_idx').on(t.deliveryId, t.number)],
);

export const templates = pgTable(
  'templates',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    integrationId: bigint('integration_id', { mode: 'number' })
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    type: text('type').notNull(),
    event: json('event').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('templates_name_idx').on(t.integrationId, t.name)],
);

export const sandboxAccounts = pgTable('sandbox_accounts', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  clientId: text('client_id').notNull().unique(),
  apiSecretEnc: text('api_secret_enc').notNull(),
  createdAt: createdAt(),
});

export const sandboxUsers = pgTable(
  'sandbox_users',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    accountId: bigint('account_id', { mode: 'number' })
      .notNull()
      .references(() => sandboxAccounts.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
  },
  (t) => [uniqueIndex('sandbox_users_email_idx').on(t.accountId, t.email)],
);

export const sandboxContacts = pgTable(
  'sandbox_contacts',
  {
    id: text('id').primaryKey(),
    accountId: bigint('account_id', { mode: 'number' })
      .notNull()
      .references(() => sandboxAccounts.id, { onDelete: 'cascade' }),
    email: text('email'),
    createdAt: createdAt(),
  },
  (t) => [index('sandbox_contacts_email_idx').on(t.accountId, t.email)],
);

export const sandboxEvents = pgTable(
  'sandbox_events',
  {
    id: text('id').primaryKey(),
    accountId: bigint('account_id', { mode: 'number' })
      .notNull()
      .references(() => sandboxAccounts.id, { onDelete: 'cascade' }),
    contactId: text('contact_id').notNull(),
    type: text('type').notNull(),
    event: json('event').notNull(),
    path: text('path').notNull(),
    createdAt: createdAt(),
    updatedAt: bigint('updated_at', { mode: 'number' }),
  },
  (t) => [index('sandbox_events_contact_idx').on(t.contactId, t.createdAt)],
);

export const sandboxVisits = pgTable(
  'sandbox_visits',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    clientId: text('client_id').notNull(),
    url: text('url').notNull(),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [index('sandbox_visits_client_idx').on(t.clientId, t.createdAt)],
);
export const sandboxCounters = pgTable('sandbox_counters', {
  key: text('key').primaryKey(),
  count: bigint('count', { mode: 'number' }).notNull().default(0),
});

export const jobs = pgTable(
  'jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind', { enum: JOB_KINDS }).notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull(),
    integrationId: bigint('integration_id', { mode: 'number' }).references(() => integrations.id, {
      onDelete: 'set null',
    }),
    params: json('params').notNull(),
    total: bigint('total', { mode: 'number' }).notNull().default(0),
    processed: bigint('processed', { mode: 'number' }).notNull().default(0),
    okCount: bigint('ok_count', { mode: 'number' }).notNull().default(0),
    errorCount: bigint('error_count', { mode: 'number' }).notNull().default(0),
    errors: json('errors'),
    message: text('message'),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: createdAt(),
    startedAt: bigint('started_at', { mode: 'number' }),
    finishedAt: bigint('finished_at', { mode: 'number' }),
    leaseOwner: text('lease_owner'),
    leaseUntil: bigint('lease_until', { mode: 'number' }),
  },
  (t) => [index('jobs_kind_idx').on(t.kind, t.id), index('jobs_lease_idx').on(t.status, t.leaseUntil)],
);

export const failureCounts = pgTable(
  'failure_counts',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
    lastAt: bigint('last_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('failure_counts_quiet_idx').on(t.scope, t.lastAt)],
);

/** The chunks of an uploaded CSV (node-postgres reads bytea as a Buffer, as better-sqlite3 reads a blob). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const uploadChunks = pgTable(
  'upload_chunks',
  {
    jobId: bigint('job_id', { mode: 'number' })
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);

export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: json('value').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

export const apiTokens = pgTable('api_tokens', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  createdBy: bigint('created_by', { mode: 'number' }),
  createdAt: createdAt(),
  lastUsedAt: bigint('last_used_at', { mode: 'number' }),
  revokedAt: bigint('revoked_at', { mode: 'number' }),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: bigint('at', { mode: 'number' }).notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    summary: text('summary').notNull(),
    details: json('details'),
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_action_idx').on(t.action, t.at)],
);

export const incidents = pgTable(
  'incidents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    integrationId: bigint('integration_id', { mode: 'number' }).references(() => integrations.id, {
      onDelete: 'set null',
    }),
    integrationName: text('integration_name').notNull(),
    cause: text('cause', { enum: INCIDENT_CAUSES }).notNull(),
    state: text('state', { enum: INCIDENT_STATES }).notNull(),
    reason: text('reason'),
    summary: text('summary').notNull(),
    firstSeenAt: bigint('first_seen_at', { mode: 'number' }).notNull(),
    lastSeenAt: bigint('last_seen_at', { mode: 'number' }).notNull(),
    affected: bigint('affected', { mode: 'number' }).notNull().default(0),
    acknowledgedBy: bigint('acknowledged_by', { mode: 'number' }),
    acknowledgedByLabel: text('acknowledged_by_label'),
    acknowledgedAt: bigint('acknowledged_at', { mode: 'number' }),
    resolvedAt: bigint('resolved_at', { mode: 'number' }),
    resolvedBy: bigint('resolved_by', { mode: 'number' }),
    resolvedByLabel: text('resolved_by_label'),
    details: json('details'),
  },
  (t) => [
    uniqueIndex('incidents_open_idx')
      .on(t.integrationId, t.cause)
      .where(sql`${t.state} <> 'resolved'`),
    index('incidents_first_seen_idx').on(t.firstSeenAt),
  ],
);
export const incidentSubscriptions = pgTable(
  'incident_subscriptions',
  {
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    integrationId: bigint('integration_id', { mode: 'number' })
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('incident_subscriptions_user_idx').on(t.userId, t.integrationId),
    index('incident_subscriptions_integration_idx').on(t.integrationId),
  ],
);
export const digestSubscriptions = pgTable('digest_subscriptions', {
  userId: bigint('user_id', { mode: 'number' })
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
});
export const notificationWebhooks = pgTable('notification_webhooks', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  scope: text('scope').notNull().unique(),
  integrationId: bigint('integration_id', { mode: 'number' }).references(() => integrations.id, {
    onDelete: 'cascade',
  }),
  url: text('url').notNull(),
  secretEnc: text('secret_enc').notNull(),
  secretHint: text('secret_hint').notNull(),
  createdAt: createdAt(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    incidentId: bigint('incident_id', { mode: 'number' }).references(() => incidents.id, {
      onDelete: 'set null',
    }),
    sequence: bigint('sequence', { mode: 'number' }).notNull().default(0),
    integrationId: bigint('integration_id', { mode: 'number' }).references(() => integrations.id, {
      onDelete: 'set null',
    }),
    integrationName: text('integration_name'),
    userId: bigint('user_id', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    webhookId: bigint('webhook_id', { mode: 'number' }).references(() => notificationWebhooks.id, {
      onDelete: 'set null',
    }),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    message: json('message').notNull(),
    status: text('status', { enum: NOTIFICATION_STATUSES }).notNull(),
    attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    sentAt: bigint('sent_at', { mode: 'number' }),
  },
  (t) => [
    index('notifications_incident_idx').on(t.incidentId),
    index('notifications_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'retrying')`),
    index('notifications_user_idx').on(t.userId, t.id),
  ],
);
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    incidentId: bigint('incident_id', { mode: 'number' })
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    at: bigint('at', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    actorLabel: text('actor_label'),
    message: text('message').notNull(),
  },
  (t) => [index('incident_events_incident_idx').on(t.incidentId, t.id)],
);
export const deliveryOutcomeMinutes = pgTable(
  'delivery_outcome_minutes',
  {
    integrationId: bigint('integration_id', { mode: 'number' })
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    minute: bigint('minute', { mode: 'number' }).notNull(),
    succeeded: bigint('succeeded', { mode: 'number' }).notNull().default(0),
    failed: bigint('failed', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.minute] })],
);
export const verifications = pgTable(
  'verifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    integrationId: bigint('integration_id', { mode: 'number' })
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    at: bigint('at', { mode: 'number' }).notNull(),
    ok: boolean('ok').notNull(),
    trigger: text('trigger', { enum: VERIFICATION_TRIGGERS }).notNull(),
    message: text('message'),
  },
  (t) => [index('verifications_integration_idx').on(t.integrationId, t.id)],
);

export const scheduledTicks = pgTable('scheduled_ticks', {
  name: text('name').primaryKey(),
  lastSlot: bigint('last_slot', { mode: 'number' }).notNull(),
  startedAt: bigint('started_at', { mode: 'number' }).notNull(),
  finishedAt: bigint('finished_at', { mode: 'number' }),
  lastError: text('last_error'),
});
const countColumns = (prefix: string, values: readonly string[]) =>
  Object.fromEntries(
    countColumnNames(prefix, values).map((name) => [
      name,
      bigint(name, { mode: 'number' }).notNull().default(0),
    ]),
  );
export const rollupSent = pgTable(
  'rollup_sent',
  {
    spanHours: bigint('span_hours', { mode: 'number' }).notNull(),
    bucket: bigint('bucket', { mode: 'number' }).notNull(),
    integrationId: bigint('integration_id', { mode: 'number' }).notNull(),
    sent: bigint('sent', { mode: 'number' }).notNull().default(0),
    delivered: bigint('delivered', { mode: 'number' }).notNull().default(0),
    failed: bigint('failed', { mode: 'number' }).notNull().default(0),
    unresolved: bigint('unresolved', { mode: 'number' }).notNull().default(0),
    waiting: bigint('waiting', { mode: 'number' }).notNull().default(0),
    cancelled: bigint('cancelled', { mode: 'number' }).notNull().default(0),
    ...countColumns('source', DELIVERY_SOURCES),
    ...countColumns('type', ROLLUP_EVENT_TYPES),
  },
  (t) => [
    primaryKey({ columns: [t.spanHours, t.integrationId, t.bucket] }),
    index('rollup_sent_waiting_idx')
      .on(t.spanHours, t.integrationId, t.bucket, t.waiting)
      .where(sql`${t.waiting} <> 0`),
  ],
);
export const rollupReasons = pgTable(
  'rollup_reasons',
  {
    spanHours: bigint('span_hours', { mode: 'number' }).notNull(),
    bucket: bigint('bucket', { mode: 'number' }).notNull(),
    integrationId: bigint('integration_id', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    failed: bigint('failed', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.spanHours, t.integrationId, t.bucket, t.reason] })],
);
export const rollupWorth = pgTable(
  'rollup_worth',
  {
    basis: text('basis', { enum: OVERVIEW_BASES }).notNull(),
    spanHours: bigint('span_hours', { mode: 'number' }).notNull(),
    bucket: bigint('bucket', { mode: 'number' }).notNull(),
    integrationId: bigint('integration_id', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    orders: bigint('orders', { mode: 'number' }).notNull().default(0),
    revenue: bigint('revenue', { mode: 'number' }).notNull().default(0),
    carts: bigint('carts', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.basis, t.spanHours, t.integrationId, t.bucket, t.currency] })],
);
export const rollupProducts = pgTable(
  'rollup_products',
  {
    basis: text('basis', { enum: OVERVIEW_BASES }).notNull(),
    integrationId: bigint('integration_id', { mode: 'number' }).notNull(),
    product: text('product').notNull(),
    day: bigint('day', { mode: 'number' }).notNull(),
    n: bigint('n', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.basis, t.integrationId, t.product, t.day] }),
    index('rollup_products_top_idx').on(t.basis, t.integrationId, t.day, t.n, t.product),
  ],
);

/** rollup_products by week, as on SQLite (db/schema.ts), kept by migration-pg 0011. */
export const rollupProductsWeekly = pgTable(
  'rollup_products_weekly',
  {
    basis: text('basis', { enum: OVERVIEW_BASES }).notNull(),
    integrationId: bigint('integration_id', { mode: 'number' }).notNull(),
    product: text('product').notNull(),
    week: bigint('week', { mode: 'number' }).notNull(),
    n: bigint('n', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.basis, t.integrationId, t.product, t.week] }),
    index('rollup_products_weekly_top_idx').on(t.basis, t.integrationId, t.week, t.n, t.product),
  ],
);
export const rollupAnswerTimes = pgTable(
  'rollup_answer_times',
  {
    spanHours: bigint('span_hours', { mode: 'number' }).notNull(),
    bucket: bigint('bucket', { mode: 'number' }).notNull(),
    integrationId: bigint('integration_id', { mode: 'number' }).notNull(),
    msBucket: bigint('ms_bucket', { mode: 'number' }).notNull(),
    n: bigint('n', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.spanHours, t.integrationId, t.bucket, t.msBucket] })],
);
export const rollupAttention = pgTable(
  'rollup_attention',
  {
    reason: text('reason').notNull(),
    integrationId: bigint('integration_id', { mode: 'number' }).notNull(),
    failed: bigint('failed', { mode: 'number' }).notNull().default(0),
    retrying: bigint('retrying', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.reason, t.integrationId] })],
);
export const collectorRefusals = pgTable(
  'collector_refusals',
  {
    spanHours: bigint('span_hours', { mode: 'number' }).notNull(),
    bucket: bigint('bucket', { mode: 'number' }).notNull(),
    integrationId: bigint('integration_id', { mode: 'number' }).notNull(),
    cause: text('cause', { enum: REFUSAL_CAUSES }).notNull(),
    n: bigint('n', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.spanHours, t.integrationId, t.bucket, t.cause] })],
);
