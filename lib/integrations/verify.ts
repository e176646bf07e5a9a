import 'server-only';

import {
  apiBaseUrl,
  getCredentials,
  getIntegrationRow,
  saveVerification,
  type VerificationView,
} from '@/lib/data/integrations';
import type { VerificationTrigger } from '@/db/enums';
import { postJson } from '@/lib/salesmanago/client';
import type { ReasonCode } from '@/lib/salesmanago/messages';
import { buildListUsersRequest } from '@/lib/salesmanago/requests';
import { interpretVerification } from '@/lib/salesmanago/verify';

export const VERIFY_TIMEOUT_MS = 10_000;

/**
 * The live credential check: a signed `/api/user/listByClient` call, read check by check (endpoint,
 * answer, credentials, owner, clock). The result is stored (lib/data) so the settings screen can show it,
 * with why it ran (by hand, on the schedule, after a refusal or an edit) in the verification history.
 */
export async function verifyIntegration(
  id: number,
  trigger: VerificationTrigger = 'manual',
): Promise<VerificationView & { ok: boolean; reason?: ReasonCode }> {
  const row = await getIntegrationRow(id);
  const request = buildListUsersRequest(getCredentials(row));
  const result = await postJson({
    url: apiBaseUrl(row) + request.path,
    body: request.body,
    timeoutMs: VERIFY_TIMEOUT_MS,
    fetchImpl: fetch,
  });
  const verdict = interpretVerification({ result, owner: row.owner, localNow: Date.now() });
  // Recorded only if the credentials are still those it checked (else CredentialsChangedError, 409).
  await saveVerification(row, verdict, trigger);
  return { ...verdict, status: verdict.ok ? 'ok' : 'failed', at: Date.now() };
}
