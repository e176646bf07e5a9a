import 'server-only';

import { config } from '@/lib/config';
import { ValidationError } from '@/lib/errors';
import { parseAllowHosts } from '@/lib/net/allow-hosts';
import { judgeTarget, systemResolve, TargetRefusedError, type Resolver } from '@/lib/net/target';
import { saveWebhookSchema, type SaveWebhookInput } from '@/lib/validations/notifications';
import { parseOrThrow } from '@/lib/validations/parse';

/**
 * A webhook as an admin may save it: the shared schema, then the same guard as sending (no private,
 * loopback or link-local address unless WEBHOOK_ALLOW_HOSTS names the host). Refused: 422 naming the
 * problem, and nothing is saved. Sending checks again, since a name can resolve elsewhere later.
 */
export async function parseWebhookInput(
  input: unknown,
  resolve: Resolver = systemResolve,
): Promise<SaveWebhookInput> {
  const value = parseOrThrow(saveWebhookSchema, input);
  const url = new URL(value.url);
  try {
    await judgeTarget(url, { allowHosts: parseAllowHosts(config().webhookAllowHosts), resolve });
  } catch (err) {
    if (!(err instanceof TargetRefusedError)) throw err;
    const message =
      err.code === 'dns'
        ? `The address ${url.hostname} could not be found. Check the spelling of the webhook address.`
        : `${url.hostname} ${err.detail}. Webhooks can only go to addresses on the public internet.`;
    throw new ValidationError(message, { url: [message] });
  }
  return value;
}
