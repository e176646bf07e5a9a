// When SALESmanago refuses an integration's credentials or owner (issue 16, the "credentials" cause):
// from a send's decoded reason, or from a verification's checks.
import { REASONS, type ReasonCode } from '@/lib/salesmanago/messages';

/** Every refusal of who is asking (auth-*, owner-*, account-invalid): the whole integration is affected. */
export function isCredentialsRefusal(reason: string | null | undefined): reason is ReasonCode {
  return (
    typeof reason === 'string' &&
    reason in REASONS &&
    (reason.startsWith('auth-') || reason.startsWith('owner-') || reason === 'account-invalid')
  );
}

interface CheckLike {
  name: string;
  ok: boolean;
  notChecked?: true;
  message: string;
}

export type CredentialsVerdict =
  | { kind: 'refused'; reason: ReasonCode; message: string }
  | { kind: 'accepted' }
  /** The check could not tell (endpoint unreachable, an answer that is not SALESmanago's). */
  | { kind: 'inconclusive' };

/**
 * What a verification says about the credentials: refused when its credentials or owner check ran and
 * failed, accepted when both passed. The clock check does not count: a clock off by minutes is worth a
 * warning, not an incident that pauses sending.
 */
export function credentialsVerdict(v: { checks: CheckLike[]; reason?: string }): CredentialsVerdict {
  const credentials = v.checks.find((c) => c.name === 'credentials');
  const owner = v.checks.find((c) => c.name === 'owner');
  if (credentials?.ok && owner?.ok) return { kind: 'accepted' };
  const failed = [credentials, owner].find((c) => c && !c.ok && !c.notChecked);
  if (!failed) return { kind: 'inconclusive' };
  const fallback: ReasonCode = failed.name === 'owner' ? 'owner-invalid' : 'auth-not-authenticated';
  const reason = isCredentialsRefusal(v.reason) ? v.reason : fallback;
  return { kind: 'refused', reason, message: failed.message };
}
