import { expect } from './fixtures';
import type { ConsoleProcess } from './server-process';

/** The shop the load comes from: the sandbox integration's collector accepts its VISIT events. */
export const LOAD_ORIGIN = 'https://shop.example.com';

/**
 * Queues `total` VISIT events on a console of our own through the sandbox integration's collector, in
 * rounds of 100 at once (each description `${marker}-${i}`). Contacts first: a batch only adds events to
 * contacts SALESmanago already knows.
 */
export async function queueVisits(
  server: ConsoleProcess,
  cookie: string,
  { total, email, marker }: { total: number; email: (i: number) => string; marker: string },
): Promise<void> {
  const { items } = (await (
    await fetch(`${server.baseUrl}/api/integrations`, { headers: { cookie } })
  ).json()) as {
    items: Array<{ id: number; collector: { url: string } }>;
  };
  const sandbox = items[0]!;
  await fetch(`${server.baseUrl}/api/integrations/${sandbox.id}`, {
    method: 'PATCH',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      collector: { enabled: true, allowedOrigins: [LOAD_ORIGIN], allowedTypes: ['VISIT'] },
    }),
  });
  for (let c = 0; c < 10; c++) {
    await fetch(`${server.baseUrl}/api/integrations/${sandbox.id}/events`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'LOGIN', email: email(c) }),
    });
  }
  for (let start = 0; start < total; start += 100) {
    const answers = await Promise.all(
      Array.from({ length: Math.min(100, total - start) }, (_, k) =>
        fetch(sandbox.collector.url, {
          method: 'POST',
          headers: { origin: LOAD_ORIGIN, 'content-type': 'text/plain' },
          body: JSON.stringify({
            type: 'VISIT',
            email: email(start + k),
            description: `${marker}-${start + k}`,
          }),
        }).then((r) => r.status),
      ),
    );
    expect(answers.every((s) => s === 202)).toBe(true);
  }
}
