import { startReceiver, startSmtp } from '@/lib/notifications/test-helpers';
import { test } from './fixtures';
import { SMTP_PORT } from './mail';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * For the spec file that calls it: a mail server on SMTP_PORT (where the e2e server's SMTP_URL points)
 * and a webhook receiver on 127.0.0.1 (WEBHOOK_ALLOW_HOSTS), started before its tests and closed after
 * them, so the next spec that listens can take the same port. Read `smtp` and `receiver` inside tests.
 */
export function listenForNotices(): { readonly smtp: Smtp; readonly receiver: Receiver } {
  let smtp: Smtp | undefined;
  let receiver: Receiver | undefined;
  test.beforeAll(async () => {
    smtp = await startSmtp(SMTP_PORT);
    receiver = await startReceiver();
  });
  test.afterAll(async () => {
    await smtp?.close();
    await receiver?.close();
  });
  return {
    get smtp() {
      if (!smtp) throw new Error('The mail server starts in beforeAll: read it inside a test.');
      return smtp;
    },
    get receiver() {
      if (!receiver) throw new Error('The webhook receiver starts in beforeAll: read it inside a test.');
      return receiver;
    },
  };
}
