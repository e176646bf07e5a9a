// The SQLite schema, the default engine (migrations in db/migrations, drizzle.config.ts). The PostgreSQL
// schema is db/schema.pg.ts (issue 17): the same tables, columns and indexes, held equal to this file by
// db/schema-parity.test.ts, so a change here needs its twin there and a migration in both folders.
import { sql } from 'drizzle-orm';
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

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

export * from './enums';

// Timestamps are epoch milliseconds everywhere: JSON-safe, sortable, and the unit SALESmanago uses.
const createdAt = () =>
  integer('created_at')
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  role: text('role', { enum: ROLES }).notNull(),
  passwordHash: text('password_hash').notNull(),
  /** The integration this user last sent to or imported into: Send event and Backfill start there. */
  lastIntegrationId: integer('last_integration_id'),
  createdAt: createdAt(),
  updatedAt: integer('updated_at').notNull(),
});

export const sessions = sqliteTable(
  'sessions',
  {
    // sha256 of the cookie token: a stolen database cannot be replayed as cookies.
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const integrations = sqliteTable('integrations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  endpoint: text('endpoint').notNull(),
  clientId: text('client_id').notNull(),
  owner: text('owner').notNull(),
  // AES-256-GCM envelopes (lib/crypto.ts); the hint is the last 4 characters, shown masked.
  apiKeyEnc: text('api_key_enc').notNull(),
  apiKeyHint: text('api_key_hint').notNull(),
  apiSecretEnc: text('api_secret_enc').notNull(),
  apiSecretHint: text('api_secret_hint').notNull(),
  isSandbox: integer('is_sandbox', { mode: 'boolean' }).notNull().default(false),
  // Last verification: 'ok' | 'failed'; the checks as JSON (no secrets in them).
  verifyStatus: text('verify_status'),
  verifiedAt: integer('verified_at'),
  verifyResult: text('verify_result', { mode: 'json' }),
  // The account's users from the last successful listing: kept across edits so the owner can be
  // picked even while a wrong owner makes SALESmanago refuse to list them.
  accountUsers: text('account_users', { mode: 'json' }).$type<string[]>(),
  snippetOptions: text('snippet_options', { mode: 'json' }),
  detailLabels: text('detail_labels', { mode: 'json' }),
  collectorKey: text('collector_key').notNull().unique(),
  collectorEnabled: integer('collector_enabled', { mode: 'boolean' }).notNull().default(false),
  collectorAllowedOrigins: text('collector_allowed_origins', { mode: 'json' }),
  collectorAllowedTypes: text('collector_allowed_types', { mode: 'json' }),
  // { valueTypes, otherTypes }: 'ask' | 'retry' each (enums.ts UNKNOWN_OUTCOME_CHOICES); null = defaults.
  unknownOutcome: text('unknown_outcome', { mode: 'json' }),
  installSeenAt: integer('install_seen_at'),
  installSeenUrl: text('install_seen_url'),
  // Retention overrides in days (null: the global setting applies; lib/data/retention.ts).
  retentionBodiesDays: integer('retention_bodies_days'),
  retentionDeliveriesDays: integer('retention_deliveries_days'),
  // Incident thresholds (lib/validations/incident.ts) as JSON; null = the defaults.
  incidentThresholds: text('incident_thresholds', { mode: 'json' }),
  // Sending paused by hand (an open credentials incident pauses it too, without these: lib/data/sending-pause.ts).
  pausedAt: integer('paused_at'),
  pausedBy: integer('paused_by'),
  pausedByLabel: text('paused_by_label'),
  pauseNote: text('pause_note'),
  // The newest website event the incident checks have seen (null: never any, so "website silent" is off).
  websiteEventAt: integer('website_event_at'),
  createdAt: createdAt(),
  updatedAt: integer('updated_at').notNull(),
});

export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // History outlives an integration: the name is kept and the link is cleared on delete.
    integrationId: integer('integration_id').references(() => integrations.id, { onDelete: 'set null' }),
    integrationName: text('integration_name').notNull(),
    source: text('source', { enum: DELIVERY_SOURCES }).notNull(),
    operation: text('operation', { enum: ['add', 'update'] })
      .notNull()
      .default('add'),
    type: text('type').notNull(),
    contact: text('contact').notNull(),
    externalId: text('external_id'),
    products: text('products'),
    value: real('value'),
    // The currency the event names in the detail slot called Currency (lib/salesmanago/currency.ts), fixed
    // when the delivery is written, like the event: the overview sums value per currency from it.
    currency: text('currency'),
    eventDate: integer('event_date').notNull(),
    // The event exactly as validated (SALESmanago field names); never holds credentials.
    event: text('event', { mode: 'json' }).notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    reason: text('reason'),
    reasonMessage: text('reason_message'),
    smEventId: text('sm_event_id'),
    attemptCount: integer('attempt_count').notNull().default(0),
    lastHttpStatus: integer('last_http_status'),
    lastDurationMs: integer('last_duration_ms'),
    nextAttemptAt: integer('next_attempt_at'),
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until'),
    possibleDuplicate: integer('possible_duplicate', { mode: 'boolean' }).notNull().default(false),
    // Set when a batch could not say which of this contact's events failed: the next try goes alone.
    noBatch: integer('no_batch', { mode: 'boolean' }).notNull().default(false),
    resendOf: integer('resend_of'),
    // The resend whose success ended this delivery's retries (status cancelled).
    replacedBy: integer('replaced_by'),
    pageUrl: text('page_url'),
    origin: text('origin'),
    userAgent: text('user_agent'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
    completedAt: integer('completed_at'),
    // When retention removed this delivery's stored request and response bodies (the history says so).
    bodiesRemovedAt: integer('bodies_removed_at'),
  },
  (t) => [
    index('deliveries_integration_idx').on(t.integrationId, t.id),
    index('deliveries_status_idx').on(t.status, t.id),
    index('deliveries_type_idx').on(t.type, t.id),
    index('deliveries_created_idx').on(t.createdAt),
    // Partial indexes hold only the rows their queries look for, so the worker's many status changes
    // (queued → sending → succeeded) touch one index instead of three. A query uses a partial index
    // only when its own WHERE names the same status as a literal (not a bound parameter).
    index('deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'retrying'`),
    index('deliveries_source_idx').on(t.source, t.id),
    index('deliveries_external_id_idx').on(t.integrationId, t.externalId),
    // Resends are few: a partial index holds only them, and its statistics stay about resends (with
    // every other row's NULL in it, ANALYZE made the planner prefer the status index for Needs
    // attention's "resent successfully?" check, and scan every succeeded row per failed one).
    index('deliveries_resend_of_idx')
      .on(t.resendOf, t.status)
      .where(sql`${t.resendOf} is not null`),
    // Failed and retrying rows carry a reason, succeeded ones none: the reason filter seeks here in id
    // order whatever the status (a query's `reason in (…)` implies the index's `is not null`). The other
    // filters' columns come after the id: a reason combined with one of them is checked on the index and
    // only matching rows are read (a third less at a million deliveries for timeout + backfill).
    index('deliveries_reason_idx')
      .on(t.reason, t.id, t.integrationId, t.type, t.status, t.source)
      .where(sql`${t.reason} is not null`),
    // A reason and a type together, newest first, seek their own rows: on the reason index above a rare
    // pair (owner-invalid + APP_TYPE_MANUAL, no match) checked every row of the reason for its type, which
    // grew with the history (2.6 ms at a million deliveries, 4.6 ms at ten million). Rows with a reason
    // only (a few percent: failed and retrying ones), so most writes never touch it.
    index('deliveries_reason_type_idx')
      .on(t.reason, t.type, t.id)
      .where(sql`${t.reason} is not null`),
    // Needs attention reads failed rows only, grouped by reason: covering, so it never reads the table.
    index('deliveries_failed_idx')
      .on(t.reason, t.integrationId, t.createdAt)
      .where(sql`${t.status} = 'failed'`),
    // Failed rows by type, newest first: a rare combination such as failed + RETURN reads only its few
    // rows here instead of walking every RETURN on deliveries_type_idx (7 ms at a million deliveries).
    index('deliveries_failed_type_idx')
      .on(t.type, t.id)
      .where(sql`${t.status} = 'failed'`),
    // Failed rows of one integration or one source, newest first: without them, failed + an integration
    // walked the integration's every row to find its failed ones (0.7 ms at a million deliveries, 0.1 here).
    index('deliveries_failed_integration_idx')
      .on(t.integrationId, t.id)
      .where(sql`${t.status} = 'failed'`),
    index('deliveries_failed_source_idx')
      .on(t.source, t.id)
      .where(sql`${t.status} = 'failed'`),
    // A contact's timeline (and erasure) seeks one contact, newest first.
    index('deliveries_contact_idx').on(t.contact, t.id),
    // Retention's walk over deliveries that still have bodies, per integration and oldest first: rows
    // leave the index once their bodies are removed, so a daily run never re-reads them.
    index('deliveries_bodies_kept_idx')
      .on(t.integrationId, t.createdAt)
      .where(sql`${t.bodiesRemovedAt} is null`),
    // Needs attention also reads retrying rows that will not clear by waiting (a reason that does not
    // pass, or three attempts and more): covering, so its count and groups never read the table.
    index('deliveries_retrying_attention_idx')
      .on(t.reason, t.attemptCount, t.nextAttemptAt, t.integrationId, t.createdAt)
      .where(sql`${t.status} = 'retrying'`),
    // The queue per integration (rows leave it when claimed, so it stays as small as the queue): the
    // worker's claim seeks the integrations not paused, and the backlog check reads each one's oldest.
    index('deliveries_queued_idx')
      .on(t.integrationId, t.id)
      .where(sql`${t.status} = 'queued'`),
  ],
);

export const attempts = sqliteTable(
  'attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    startedAt: integer('started_at').notNull(),
    durationMs: integer('duration_ms'),
    url: text('url').notNull(),
    // Redacted request body (apiKey and sha masked) as sent.
    request: text('request', { mode: 'json' }).notNull(),
    httpStatus: integer('http_status'),
    responseBody: text('response_body'),
    responseTruncated: integer('response_truncated', { mode: 'boolean' }).notNull().default(false),
    outcome: text('outcome', { enum: ['succeeded', 'rejected', 'transient', 'in-flight'] }).notNull(),
    reason: text('reason'),
    message: text('message'),
    batchSize: integer('batch_size'),
  },
  (t) => [index('attempts_delivery_idx').on(t.deliveryId, t.number)],
);

export const templates = sqliteTable(
  'templates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    integrationId: integer('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    type: text('type').notNull(),
    event: text('event', { mode: 'json' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('templates_name_idx').on(t.integrationId, t.name)],
);

// ---- The built-in sandbox: a SALESmanago-compatible account kept apart from the console's data.

export const sandboxAccounts = sqliteTable('sandbox_accounts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  clientId: text('client_id').notNull().unique(),
  // The sandbox plays SALESmanago, so it must know the secret to check the sha: encrypted like ours.
  apiSecretEnc: text('api_secret_enc').notNull(),
  createdAt: createdAt(),
});

export const sandboxUsers = sqliteTable(
  'sandbox_users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => sandboxAccounts.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
  },
  (t) => [uniqueIndex('sandbox_users_email_idx').on(t.accountId, t.email)],
);

export const sandboxContacts = sqliteTable(
  'sandbox_contacts',
  {
    id: text('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => sandboxAccounts.id, { onDelete: 'cascade' }),
    email: text('email'),
    createdAt: createdAt(),
  },
  (t) => [index('sandbox_contacts_email_idx').on(t.accountId, t.email)],
);

export const sandboxEvents = sqliteTable(
  'sandbox_events',
  {
    id: text('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => sandboxAccounts.id, { onDelete: 'cascade' }),
    contactId: text('contact_id').notNull(),
    type: text('type').notNull(),
    event: text('event', { mode: 'json' }).notNull(),
    path: text('path').notNull(),
    createdAt: createdAt(),
    updatedAt: integer('updated_at'),
  },
  (t) => [index('sandbox_events_contact_idx').on(t.contactId, t.createdAt)],
);

export const sandboxVisits = sqliteTable(
  'sandbox_visits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: text('client_id').notNull(),
    url: text('url').notNull(),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [index('sandbox_visits_client_idx').on(t.clientId, t.createdAt)],
);

// Counters for magic contacts that misbehave a set number of times (e.g. fail twice then succeed).
export const sandboxCounters = sqliteTable('sandbox_counters', {
  key: text('key').primaryKey(),
  count: integer('count').notNull().default(0),
});

// ---- Background jobs (bulk retry, CSV backfill): progress survives a reload and can be cancelled.

export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: JOB_KINDS }).notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull(),
    integrationId: integer('integration_id').references(() => integrations.id, { onDelete: 'set null' }),
    params: text('params', { mode: 'json' }).notNull(),
    total: integer('total').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    okCount: integer('ok_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    // The first problems found (e.g. CSV rows that failed), capped: the full story is in the history.
    errors: text('errors', { mode: 'json' }),
    message: text('message'),
    cancelRequested: integer('cancel_requested', { mode: 'boolean' }).notNull().default(false),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    // The instance running it (lib/config.ts instanceName) and until when (epoch ms): a job runs only on
    // the instance holding its lease, which renews it while it works; once it expires (or is released at
    // shutdown: both null) any instance may claim the job and resume it (lib/jobs/runner.ts, issue 18).
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until'),
  },
  (t) => [index('jobs_kind_idx').on(t.kind, t.id), index('jobs_lease_idx').on(t.status, t.leaseUntil)],
);

// ---- Failures counted per key for growing waits (lib/auth/backoff.ts: sign-in limits). In the database
// on both engines, so a restart does not forget them and every instance counts the same failures. A row
// is deleted once quiet for longer than its scope forgets (on the next failure of that scope).

export const failureCounts = sqliteTable(
  'failure_counts',
  {
    /** What is counted: 'account', 'address' or 'device' (lib/auth/login-limit.ts). */
    scope: text('scope').notNull(),
    /** The email, the address, or email and device id. */
    key: text('key').notNull(),
    count: integer('count').notNull(),
    /** The last failure, epoch ms. */
    lastAt: integer('last_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('failure_counts_quiet_idx').on(t.scope, t.lastAt)],
);

// ---- A backfill's uploaded CSV on PostgreSQL (lib/backfill/upload.ts): the file in chunks of up to 1 MB
// in order, so any instance can read it, the import included when it resumes elsewhere. SQLite keeps the
// file in DATA_DIR/uploads (one process, and the disk is faster for it); the table exists there too,
// empty, so both schemas stay the same. The chunks go with their job.

export const uploadChunks = sqliteTable(
  'upload_chunks',
  {
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    /** 0, 1, 2 … in the file's order. */
    seq: integer('seq').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);

// ---- Console-wide settings as small JSON values (retention, the timers' last runs): a key per need.

export const appSettings = sqliteTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: integer('updated_at').notNull(),
});

// ---- API tokens for automation: shown once, stored hashed.

export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  /** The first characters, to tell tokens apart in lists (not enough to use one). */
  prefix: text('prefix').notNull(),
  createdBy: integer('created_by'),
  createdAt: createdAt(),
  lastUsedAt: integer('last_used_at'),
  revokedAt: integer('revoked_at'),
});

// ---- Audit log: who changed what, and who sent what. Append-only.

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorId: integer('actor_id'),
    /** Who, as a person reads it: an email, "token <name>", or "system". Kept when the user is deleted. */
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    summary: text('summary').notNull(),
    details: text('details', { mode: 'json' }),
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_action_idx').on(t.action, t.at)],
);

// ---- Incidents (issue 16): one open incident per integration and cause. Detection (lib/incidents)
// writes them; notifications read them and record what they sent, so nothing lives only in memory.

export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    integrationId: integer('integration_id').references(() => integrations.id, { onDelete: 'set null' }),
    /** Kept when the integration is deleted (its open incidents are resolved then), like deliveries do. */
    integrationName: text('integration_name').notNull(),
    cause: text('cause', { enum: INCIDENT_CAUSES }).notNull(),
    state: text('state', { enum: INCIDENT_STATES }).notNull(),
    /** The decoded SALESmanago reason behind it (lib/salesmanago/messages.ts), when there is one. */
    reason: text('reason'),
    /** A plain sentence of what was seen (never a secret, sha or contact email). */
    summary: text('summary').notNull(),
    firstSeenAt: integer('first_seen_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    /** Deliveries that failed or waited because of it. */
    affected: integer('affected').notNull().default(0),
    acknowledgedBy: integer('acknowledged_by'),
    acknowledgedByLabel: text('acknowledged_by_label'),
    acknowledgedAt: integer('acknowledged_at'),
    resolvedAt: integer('resolved_at'),
    /** Null with resolvedAt set: resolved by itself when the cause cleared. */
    resolvedBy: integer('resolved_by'),
    resolvedByLabel: text('resolved_by_label'),
    /** Measurements behind it (e.g. the failure rate and window), JSON; no secrets. */
    details: text('details', { mode: 'json' }),
  },
  (t) => [
    // Deduplication: at most one unresolved incident per integration and cause.
    uniqueIndex('incidents_open_idx')
      .on(t.integrationId, t.cause)
      .where(sql`${t.state} <> 'resolved'`),
    index('incidents_first_seen_idx').on(t.firstSeenAt),
  ],
);

// ---- Notifications (issue 16): who wants to hear about what, where webhooks go, and every notice
// sent. What is due is derived from the incidents table and these rows, so nothing lives in memory.

/** A person's email opt-in for one integration's incidents. */
export const incidentSubscriptions = sqliteTable(
  'incident_subscriptions',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    integrationId: integer('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('incident_subscriptions_user_idx').on(t.userId, t.integrationId),
    index('incident_subscriptions_integration_idx').on(t.integrationId),
  ],
);

/** A person's opt-in to the weekly digest. */
export const digestSubscriptions = sqliteTable('digest_subscriptions', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
});

/** The console-wide webhook (`scope` 'global') and one per integration (`integration:<id>`). */
export const notificationWebhooks = sqliteTable('notification_webhooks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** One webhook per scope: 'global', or 'integration:<id>'. */
  scope: text('scope').notNull().unique(),
  integrationId: integer('integration_id').references(() => integrations.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
  // The HMAC signing secret, AES-256-GCM (lib/crypto.ts); shown once, then only its last 4 characters.
  secretEnc: text('secret_enc').notNull(),
  secretHint: text('secret_hint').notNull(),
  createdAt: createdAt(),
  updatedAt: integer('updated_at').notNull(),
});

export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /**
     * What this notice is, as one value: incident, kind, reminder number and recipient (or the digest's
     * week and recipient). Unique, so a second tick, a restart or another instance cannot send it again.
     */
    dedupeKey: text('dedupe_key').notNull().unique(),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    incidentId: integer('incident_id').references(() => incidents.id, { onDelete: 'set null' }),
    /** The reminder's number (1, 2, …); 0 for other kinds. */
    sequence: integer('sequence').notNull().default(0),
    integrationId: integer('integration_id').references(() => integrations.id, { onDelete: 'set null' }),
    integrationName: text('integration_name'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    webhookId: integer('webhook_id').references(() => notificationWebhooks.id, { onDelete: 'set null' }),
    /** Where it went, as people read it: an email address, or the webhook's host. */
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    /** The rendered message, kept so a retry sends the very same one (no secrets, no contact emails). */
    message: text('message', { mode: 'json' }).notNull(),
    status: text('status', { enum: NOTIFICATION_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** retrying: when the next try is due; pending: until when the sender holds it (then it is tried again). */
    nextAttemptAt: integer('next_attempt_at'),
    /** Why the last try failed, in a sentence. */
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    index('notifications_incident_idx').on(t.incidentId),
    index('notifications_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'retrying')`),
    index('notifications_user_idx').on(t.userId, t.id),
  ],
);
/** What happened to an incident, in order: opened, acknowledged, resolved, sending paused or resumed... */
export const incidentEvents = sqliteTable(
  'incident_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    kind: text('kind').notNull(),
    /** Who: an email, a token, or null for the console itself. */
    actorLabel: text('actor_label'),
    message: text('message').notNull(),
  },
  (t) => [index('incident_events_incident_idx').on(t.incidentId, t.id)],
);

/**
 * Answers per integration and minute, counted when deliveries settle: the failure-rate check sums a
 * window of these (a few hundred rows at most) instead of reading deliveries. Pruned after a day.
 */
export const deliveryOutcomeMinutes = sqliteTable(
  'delivery_outcome_minutes',
  {
    integrationId: integer('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    /** Epoch minute (ms / 60,000, floored). */
    minute: integer('minute').notNull(),
    succeeded: integer('succeeded').notNull().default(0),
    failed: integer('failed').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.minute] })],
);

/** Every credential check of an integration (by hand, on the schedule, after a refusal or an edit). */
export const verifications = sqliteTable(
  'verifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    integrationId: integer('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    trigger: text('trigger', { enum: VERIFICATION_TRIGGERS }).notNull(),
    /** The first failed check's sentence (no secret in it), null when all passed. */
    message: text('message'),
  },
  (t) => [index('verifications_integration_idx').on(t.integrationId, t.id)],
);

// ---- Timers (lib/jobs/schedule.ts): the last tick each one claimed, so a restart neither skips nor
// repeats one, and two processes never run the same tick.

export const scheduledTicks = sqliteTable('scheduled_ticks', {
  name: text('name').primaryKey(),
  /** The tick's number: its start time divided by its period. */
  lastSlot: integer('last_slot').notNull(),
  startedAt: integer('started_at').notNull(),
  finishedAt: integer('finished_at'),
  lastError: text('last_error'),
});
// ---- The overview's rollups (issue 15): counts and sums kept by triggers (migration 0014) in the same
// transaction as every write to deliveries and attempts, so the overview and Needs attention never scan
// the history. Every table but the attention and product ones has two tiers: `span_hours` 1 (a UTC hour,
// `bucket` = epoch ms / 3,600,000) and 24 (a UTC day, `bucket` = epoch ms / 86,400,000); a day of the
// viewer's time zone is read from whole UTC days corrected by a few hours (lib/data/overview-period.ts).
// `integration_id` is the integration, 0 for deliveries whose integration was deleted, and -1 for all
// of them together: a write updates its integration's row and the -1 row, so "all integrations" reads as
// few rows as one integration. Keys put the integration before the bucket: a read is then one range seek. Rows that fall to zero stay (a later write often needs them again);
// every reader sums. The views `<table>_raw` are each table's definition as a GROUP BY over deliveries:
// the migration fills the tables from them, the benchmark's generator rebuilds from them, and the
// property test compares the tables with them.

/** A count column per value of a list (db/rollup-columns.ts names them). */
const countColumns = (prefix: string, values: readonly string[]) =>
  Object.fromEntries(
    countColumnNames(prefix, values).map((name) => [name, integer(name).notNull().default(0)]),
  );

/**
 * Deliveries by the hour (and day) they were sent (created): their outcome now, their source and their
 * type, all in one row, so a bar of the timeline is one row per integration and a write updates one row
 * per tier.
 */
export const rollupSent = sqliteTable(
  'rollup_sent',
  {
    spanHours: integer('span_hours').notNull(),
    bucket: integer('bucket').notNull(),
    integrationId: integer('integration_id').notNull(),
    sent: integer('sent').notNull().default(0),
    delivered: integer('delivered').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** Failed and not resent successfully: the failed part of Needs attention (lib/data/attention.ts). */
    unresolved: integer('unresolved').notNull().default(0),
    /** queued, sending or retrying */
    waiting: integer('waiting').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    ...countColumns('source', DELIVERY_SOURCES),
    ...countColumns('type', ROLLUP_EVENT_TYPES),
  },
  (t) => [
    primaryKey({ columns: [t.spanHours, t.integrationId, t.bucket] }),
    // "Waiting now" reads only the few hours that still hold a waiting delivery.
    index('rollup_sent_waiting_idx')
      .on(t.spanHours, t.integrationId, t.bucket, t.waiting)
      .where(sql`${t.waiting} <> 0`),
  ],
);

/** Failed deliveries by send hour and decoded reason ('' when none was recorded). */
export const rollupReasons = sqliteTable(
  'rollup_reasons',
  {
    spanHours: integer('span_hours').notNull(),
    bucket: integer('bucket').notNull(),
    integrationId: integer('integration_id').notNull(),
    reason: text('reason').notNull(),
    failed: integer('failed').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.spanHours, t.integrationId, t.bucket, t.reason] })],
);

/**
 * What PURCHASE and CART events are worth, by event date (`basis` 'event') and by send date ('sent'),
 * per currency ('' = the event names none). Each event counts once: resends and updates of an earlier
 * event are left out. `revenue` is the PURCHASE values' sum in ten-thousandths, an integer, so adding
 * and taking away never drifts.
 */
export const rollupWorth = sqliteTable(
  'rollup_worth',
  {
    basis: text('basis', { enum: OVERVIEW_BASES }).notNull(),
    spanHours: integer('span_hours').notNull(),
    bucket: integer('bucket').notNull(),
    integrationId: integer('integration_id').notNull(),
    currency: text('currency').notNull(),
    orders: integer('orders').notNull().default(0),
    revenue: integer('revenue').notNull().default(0),
    carts: integer('carts').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.basis, t.spanHours, t.integrationId, t.bucket, t.currency] })],
);

/**
 * Products of PURCHASE events (the comma-separated `products`, trimmed), by UTC day only. Keyed product
 * first, so a product's count over a period is one seek; `rollup_products_top_idx` finds a day's most
 * purchased products with their names (lib/data/overview-read.ts, topProducts), never reading the table.
 */
export const rollupProducts = sqliteTable(
  'rollup_products',
  {
    basis: text('basis', { enum: OVERVIEW_BASES }).notNull(),
    integrationId: integer('integration_id').notNull(),
    product: text('product').notNull(),
    day: integer('day').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.basis, t.integrationId, t.product, t.day] }),
    index('rollup_products_top_idx').on(t.basis, t.integrationId, t.day, t.n, t.product),
  ],
);

/**
 * The same counts by week (`day / 7`: weeks of UTC days counted from 1970-01-01, Thursday to
 * Wednesday; no screen shows them), kept beside the days by triggers on deliveries (migration 0025). The
 * top products of a long period take their candidates from whole weeks (lib/data/overview-read.ts,
 * topProducts): a day's list of a shop whose products sell once a day each is every product it sold.
 */
export const rollupProductsWeekly = sqliteTable(
  'rollup_products_weekly',
  {
    basis: text('basis', { enum: OVERVIEW_BASES }).notNull(),
    integrationId: integer('integration_id').notNull(),
    product: text('product').notNull(),
    week: integer('week').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.basis, t.integrationId, t.product, t.week] }),
    index('rollup_products_weekly_top_idx').on(t.basis, t.integrationId, t.week, t.n, t.product),
  ],
);

/**
 * Finished attempts by start hour and duration, in quarter-octave buckets: `ms_bucket` =
 * round(4 × log2(max(duration_ms, 1))), read back as 2^(ms_bucket / 4) ms, within 9 % of the duration.
 */
export const rollupAnswerTimes = sqliteTable(
  'rollup_answer_times',
  {
    spanHours: integer('span_hours').notNull(),
    bucket: integer('bucket').notNull(),
    integrationId: integer('integration_id').notNull(),
    msBucket: integer('ms_bucket').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.spanHours, t.integrationId, t.bucket, t.msBucket] })],
);

/**
 * Needs attention now, per reason ('' when none) and integration: failed and not resent successfully,
 * and retrying that will not clear by waiting. The sidebar badge, the page and the overview read it.
 */
export const rollupAttention = sqliteTable(
  'rollup_attention',
  {
    reason: text('reason').notNull(),
    integrationId: integer('integration_id').notNull(),
    failed: integer('failed').notNull().default(0),
    retrying: integer('retrying').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.reason, t.integrationId] })],
);

/**
 * Website requests the collector refused, per hour (and day), integration and cause: counters, never a
 * row per request. Written by the collector's group commit (lib/data/collector.ts), not by a trigger.
 */
export const collectorRefusals = sqliteTable(
  'collector_refusals',
  {
    spanHours: integer('span_hours').notNull(),
    bucket: integer('bucket').notNull(),
    integrationId: integer('integration_id').notNull(),
    cause: text('cause', { enum: REFUSAL_CAUSES }).notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.spanHours, t.integrationId, t.bucket, t.cause] })],
);
