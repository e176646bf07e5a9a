// Test-only: a real SMTP server and a webhook receiver on loopback, and incidents written directly (the
// incidents feature writes them in the product). Imported by *.test.ts files and e2e specs only, so it
// imports nothing that needs a server bundle (db/schema.ts, not db/index.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

import type { Db } from '@/db';
import * as schema from '@/db/schema';

export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  messageId: string;
  /** The message as it arrived, headers and all. */
  raw: string;
}

/**
 * An SMTP server on 127.0.0.1 that keeps what it receives (no TLS, no sign-in: a test mailbox); port 0
 * picks a free one.
 */
export async function startSmtp(
  port = 0,
): Promise<{ port: number; mails: ReceivedMail[]; close: () => Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        // The SMTP answer waits for the parse: a mail that cannot be parsed is refused (callback(err)).
        simpleParser(raw).then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            messageId: parsed.messageId ?? '',
            raw,
          });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedHook {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver on 127.0.0.1: it records every request and answers with the next status of
 * `answers` (then 200), e.g. [500] for one failure before it works.
 */
export async function startReceiver(): Promise<{
  url: (path: string) => string;
  hooks: ReceivedHook[];
  answers: number[];
  close: () => Promise<void>;
}> {
  const hooks: ReceivedHook[] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hooks.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = answers.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'receiver is down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hooks,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A receiver's check of the signature, as the README shows it: HMAC-SHA256 of `<t>.<body>` with the
 * signing secret, compared in constant time.
 */
export function verifySignature(header: string | undefined, body: string, secret: string): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=') as [string, string]));
  if (!parts.t || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const got = Buffer.from(parts.v1, 'hex');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

type IncidentValues = typeof schema.incidents.$inferInsert;

/** An incident as the incidents feature would write it; returns its id. */
export function insertIncident(
  db: Db,
  values: Partial<IncidentValues> & Pick<IncidentValues, 'firstSeenAt'>,
): number {
  return db
    .insert(schema.incidents)
    .values({
      integrationName: 'Shop',
      cause: 'credentials',
      state: 'open',
      summary: 'SALESmanago refused 12 events.',
      lastSeenAt: values.firstSeenAt,
      affected: 12,
      ...values,
    })
    .returning()
    .get().id;
}
