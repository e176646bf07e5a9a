import { computeSha } from '@/lib/salesmanago/auth';
import { refuse, type SandboxReply } from './reply';
import type { SandboxAccount, SandboxStore } from './store';

export type AuthResult =
  { ok: true; account: SandboxAccount; owner: string } | { ok: false; reply: SandboxReply };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Checks a request's auth fields in SALESmanago's order, answering with its own message strings
 * (salesmanago.md §4.2). The wrong-sha text is an open question there (§8.8): we answer
 * "Not authenticated", the most likely real text, which the decoder explains as a key/secret mismatch.
 */
export async function authenticate(
  body: Record<string, unknown>,
  store: SandboxStore,
  requireOwner = true,
): Promise<AuthResult> {
  const apiKey = str(body.apiKey);
  const clientId = str(body.clientId);
  const sha = str(body.sha);
  const owner = str(body.owner);
  if (!apiKey) return { ok: false, reply: refuse('Api key not specified') };
  if (!clientId) return { ok: false, reply: refuse('Authorization failed. Wrong clientId') };
  const account = await store.findAccount(clientId);
  if (!account) return { ok: false, reply: refuse('Authorization failed. Wrong clientId') };
  if (!sha) return { ok: false, reply: refuse('Token not specified') };
  if (sha.toLowerCase() !== computeSha(apiKey, clientId, account.apiSecret)) {
    return { ok: false, reply: refuse('Not authenticated') };
  }
  if (!requireOwner) return { ok: true, account, owner: owner ?? '' };
  if (!owner) return { ok: false, reply: refuse('Not authenticated, not owner specified') };
  const users = (await store.listUsers(account.id)).map((u) => u.toLowerCase());
  if (!users.includes(owner.toLowerCase()))
    return { ok: false, reply: refuse('Not authenticated, invalid owner') };
  return { ok: true, account, owner };
}
