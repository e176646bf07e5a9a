// Request signing for SALESmanago API v2 (docs/salesmanago.md §3.1). Runs on the server only in practice:
// the API secret must never reach a browser, and neither may the sha, which is a reusable credential.
import { createHash } from 'node:crypto';

export interface Credentials {
  clientId: string;
  apiKey: string;
  apiSecret: string;
  /** Email of a SALESmanago user of this client; SALESmanago refuses requests without a valid one. */
  owner: string;
}

export interface AuthFields {
  clientId: string;
  apiKey: string;
  requestTime: number;
  sha: string;
  owner: string;
}

/**
 * Lowercase hex SHA-1 of apiKey + clientId + apiSecret, in that order (docs, official
 * Configuration::generateSha and every SDK agree). It does not depend on requestTime, so it never expires.
 */
export function computeSha(apiKey: string, clientId: string, apiSecret: string): string {
  return createHash('sha1')
    .update(apiKey + clientId + apiSecret, 'utf8')
    .digest('hex');
}

/**
 * The fields every API v2 body carries at its top level. requestTime is in milliseconds as the current docs
 * say (open question 5: the official PHP lib sends seconds and also works).
 */
export function authFields(creds: Credentials, now: number = Date.now()): AuthFields {
  return {
    clientId: creds.clientId,
    apiKey: creds.apiKey,
    requestTime: Math.trunc(now),
    sha: computeSha(creds.apiKey, creds.clientId, creds.apiSecret),
    owner: creds.owner,
  };
}
