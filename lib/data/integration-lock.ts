import 'server-only';

import { lockForTransaction } from './engine';

/**
 * Inside a transaction: holds the integration's deletion off until the transaction ends, and waits for
 * one under way (deleteIntegration takes the same lock). A write that checked the integration exists
 * (an incident, a template, a webhook, a person's choices) then never meets it deleted in between,
 * which on PostgreSQL would fail on the foreign key and answer 500 instead of 404.
 */
export function holdIntegration(id: number): Promise<void> {
  return lockForTransaction(`integration:${id}`);
}
