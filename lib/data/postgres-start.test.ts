import net from 'node:net';
import { describe, expect, it } from 'vitest';

import { freshPgDatabase, PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { describePgUrl, majorVersion, openPostgres, startFailureSentence } from './postgres-start';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startError(url: string): Promise<string> {
  try {
    const { handle } = await openPostgres(url);
    await handle.pool.end();
    return 'opened';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('opening PostgreSQL at start', { timeout: PG_TEST_TIMEOUT }, () => {
  it('opens a reachable database, migrates it, and describes it without the password', async () => {
    const url = await freshPgDatabase();
    const { handle, version } = await openPostgres(url);
    try {
      expect(
        majorVersion((await handle.pool.query('show server_version_num')).rows[0].server_version_num),
      ).toBeGreaterThanOrEqual(15);
      expect(version).toMatch(/^\d+\.\d+/);
      const { rows } = await handle.pool.query("select to_regclass('public.deliveries') as t");
      expect(rows[0].t).toBe('deliveries');
      // The console's short queries are never JIT-compiled (a compile costs more than they do).
      expect((await handle.pool.query('show jit')).rows[0].jit).toBe('off');
    } finally {
      await handle.pool.end();
    }
    const password = decodeURIComponent(new URL(url).password);
    expect(describePgUrl(url)).not.toContain(password);
    expect(describePgUrl(url)).toMatch(/^console@127\.0\.0\.1:\d+\/test_[0-9a-f]+$/);
  });

  it('names the problem in one sentence: refused connection, wrong password, missing database', async () => {
    const good = new URL(await freshPgDatabase());
    const password = decodeURIComponent(good.password);

    const closed = new URL(good);
    closed.port = String(await closedPort());
    expect(await startError(closed.href)).toBe(
      `PostgreSQL at 127.0.0.1:${closed.port} refused the connection: is the server running and listening on that address and port? (DATABASE_URL)`,
    );

    const wrongPassword = new URL(good);
    wrongPassword.password = 'not-the-password';
    expect(await startError(wrongPassword.href)).toBe(
      `PostgreSQL at 127.0.0.1:${good.port} refused the user "console": the user name or password in DATABASE_URL is wrong, or pg_hba.conf does not let this user in from here.`,
    );

    const missing = new URL(good);
    missing.pathname = '/no_such_database';
    const sentence = await startError(missing.href);
    expect(sentence).toBe(
      `PostgreSQL at 127.0.0.1:${good.port} has no database "no_such_database": create it (createdb no_such_database) or name an existing one in DATABASE_URL.`,
    );
    expect(sentence).not.toContain(password);
  });

  it('words a host that cannot be found, a timeout, and an unknown error without the password', () => {
    const url = 'postgres://app:s3cret-pass@db.internal:6543/console';
    expect(startFailureSentence({ code: 'ENOTFOUND' }, url)).toBe(
      'The database host "db.internal" in DATABASE_URL could not be found: check its spelling and the machine\'s DNS.',
    );
    expect(startFailureSentence(new Error('timeout expired'), url)).toBe(
      'PostgreSQL at db.internal:6543 did not answer within 10 s: check the address, the port and any firewall between. (DATABASE_URL)',
    );
    const odd = startFailureSentence({ code: 'XX000', message: 'internal error near s3cret-pass' }, url);
    expect(odd).toBe(
      'PostgreSQL at db.internal:6543 could not be used: internal error near ***. (DATABASE_URL)',
    );
    expect(majorVersion('140011')).toBe(14);
    expect(majorVersion(150004)).toBe(15);
  });
});
