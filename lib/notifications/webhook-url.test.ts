import { beforeAll, describe, expect, it } from 'vitest';

import { reloadConfig } from '@/lib/config';
import { ValidationError } from '@/lib/errors';
import type { Resolver } from '@/lib/net/target';
import { parseWebhookInput } from './webhook-url';

// DNS stays on the machine: names resolve to what each test says.
const resolveTo =
  (address: string): Resolver =>
  async () => [{ address, family: 4 }];
const noAnswer: Resolver = async () => [];

async function refusal(input: unknown, resolve: Resolver = resolveTo('93.184.215.14')) {
  try {
    await parseWebhookInput(input, resolve);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return { message: (err as ValidationError).message, fields: (err as ValidationError).fieldErrors };
  }
  throw new Error('accepted');
}

beforeAll(() => {
  process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1:9999';
  reloadConfig();
});

describe('a webhook address', () => {
  it('is accepted on the public internet, console-wide or for an integration', async () => {
    await expect(
      parseWebhookInput(
        { integrationId: null, url: ' https://hooks.example.com/services/T1 ' },
        resolveTo('93.184.215.14'),
      ),
    ).resolves.toEqual({ integrationId: null, url: 'https://hooks.example.com/services/T1' });
  });

  it.each([
    [
      'http://10.1.2.3/hook',
      '10.1.2.3 is a private network address. Webhooks can only go to addresses on the public internet.',
    ],
    [
      'http://169.254.169.254/latest',
      '169.254.169.254 is a link-local address (where cloud servers keep their metadata). Webhooks can only go to addresses on the public internet.',
    ],
    [
      'http://127.0.0.1:8080/hook',
      '127.0.0.1 is a loopback address (this server itself). Webhooks can only go to addresses on the public internet.',
    ],
    [
      'http://localhost/hook',
      'localhost is this server itself. Webhooks can only go to addresses on the public internet.',
    ],
  ])('%s is refused with 422 naming the problem', async (url, message) => {
    const got = await refusal({ integrationId: null, url });
    expect(got).toEqual({ message, fields: { url: [message] } });
  });

  it('is refused when its name points inside the network, or nowhere', async () => {
    expect(
      (await refusal({ integrationId: 1, url: 'https://hooks.internal.example/x' }, resolveTo('192.168.1.5')))
        .message,
    ).toBe(
      'hooks.internal.example points to 192.168.1.5, a private network address. Webhooks can only go to addresses on the public internet.',
    );
    expect((await refusal({ integrationId: 1, url: 'https://nowhere.invalid/x' }, noAnswer)).message).toBe(
      'The address nowhere.invalid could not be found. Check the spelling of the webhook address.',
    );
  });

  it('reaches a loopback host only when WEBHOOK_ALLOW_HOSTS names it (port included)', async () => {
    await expect(
      parseWebhookInput({ integrationId: null, url: 'http://127.0.0.1:9999/hook' }),
    ).resolves.toMatchObject({
      url: 'http://127.0.0.1:9999/hook',
    });
  });

  it.each([
    [{ integrationId: null, url: 'hooks.example.com' }, 'Enter the full webhook address'],
    [{ integrationId: null, url: 'ftp://hooks.example.com/x' }, 'Enter the full webhook address'],
    [
      { integrationId: null, url: 'https://user:pw@hooks.example.com/x' },
      'Remove the user name and password',
    ],
    [{ integrationId: null, url: '' }, 'Enter the webhook address.'],
    [{ integrationId: 'x', url: 'https://hooks.example.com/x' }, ''],
  ])('is refused when it is not an address: %j', async (input, message) => {
    expect((await refusal(input)).message).toContain(message);
  });
});
