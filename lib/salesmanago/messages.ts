// Every way a SALESmanago call can end, in plain words with what to do (docs/salesmanago.md §4). The decoder
// picks a reason; the UI lists REASONS so a marketer can look any of them up.

export type ReasonCode =
  | 'ok'
  | 'batch-partly-failed'
  // SALESmanago's own refusals (HTTP 200, success: false)
  | 'auth-missing-api-key'
  | 'auth-missing-token'
  | 'auth-wrong-token'
  | 'auth-wrong-client-id'
  | 'auth-not-authenticated'
  | 'auth-user-not-authenticated'
  | 'auth-not-authorized'
  | 'owner-missing'
  | 'owner-invalid'
  | 'account-invalid'
  | 'contact-missing'
  | 'contact-not-found'
  | 'event-type-invalid'
  | 'validation-failed'
  | 'rejected-other'
  // HTTP-level answers
  | 'http-redirect'
  | 'http-not-found'
  | 'http-client-error'
  | 'http-rate-limited'
  | 'http-server-error'
  | 'malformed'
  | 'empty-body'
  // no answer at all
  | 'timeout'
  | 'connection-refused'
  | 'connection-reset'
  | 'dns'
  | 'tls'
  | 'network'
  // the console's own reasons, before or around a call
  | 'interrupted'
  | 'integration-deleted'
  | 'credentials-unreadable'
  // a person's (or a resend's) decision about the retries
  | 'maybe-stored'
  | 'stopped'
  | 'replaced'
  | 'marked-delivered';

/**
 * Failures after which nobody knows whether SALESmanago stored the event: the request left, but no clear
 * answer came back. Sending it again may store it twice, so a retry after one of these is flagged as a
 * possible duplicate. (A refused connection, DNS or TLS failure means nothing arrived; a 5xx or 429 is
 * the server saying it did not take the request.)
 */
export const OUTCOME_UNKNOWN: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'timeout',
  'connection-reset',
  'network',
  'malformed',
  'empty-body',
]);

/**
 * Transient failures that waiting will not cure: an unknown host stays unknown until someone corrects
 * the endpoint (or the server's DNS). They keep their retry schedule, but Needs attention shows them at
 * their first failure instead of after three attempts.
 */
export const WONT_CLEAR_BY_WAITING: ReadonlySet<ReasonCode> = new Set<ReasonCode>(['dns']);

export interface ReasonInfo {
  title: string;
  explanation: string;
  fix: string;
  /** Whether sending the same request again later can succeed. */
  retryable: boolean;
}

const API_ACCESS = 'in SALESmanago under Settings → Integration → API access';

export const REASONS: Record<ReasonCode, ReasonInfo> = {
  ok: {
    title: 'SALESmanago accepted the request',
    explanation: 'SALESmanago answered with success.',
    fix: 'Nothing to do.',
    retryable: false,
  },
  'batch-partly-failed': {
    title: 'Some events of the batch were not added',
    explanation: 'SALESmanago accepted the batch but could not add the events of some contacts.',
    fix: 'Make sure those contacts exist in SALESmanago (a batch only adds events to existing contacts), then send their events again.',
    retryable: false,
  },
  'auth-missing-api-key': {
    title: 'The API key is missing',
    explanation: 'SALESmanago received no API key with the request.',
    fix: `Enter the API key in this integration's settings; you find it ${API_ACCESS}.`,
    retryable: false,
  },
  'auth-missing-token': {
    title: 'The signature (sha) is missing',
    explanation:
      'SALESmanago received no sha, the signature computed from the API key, client ID and API secret.',
    fix: "Enter the API secret in this integration's settings so the console can sign requests.",
    retryable: false,
  },
  'auth-wrong-token': {
    title: 'SALESmanago rejected the API secret',
    explanation:
      'The signature (sha) did not match: the API secret or the API key does not belong to this client ID.',
    fix: `Re-enter the API secret (and API key) exactly as shown ${API_ACCESS}.`,
    retryable: false,
  },
  'auth-wrong-client-id': {
    title: 'SALESmanago does not know this client ID',
    explanation: 'No SALESmanago account has this client ID on this endpoint.',
    fix: `Copy the client ID as shown ${API_ACCESS}, and check that the endpoint is the server you log in to (e.g. app3.salesmanago.com).`,
    retryable: false,
  },
  'auth-not-authenticated': {
    title: 'SALESmanago rejected the credentials',
    explanation:
      'SALESmanago did not accept the request. Most often the API secret or API key does not match the client ID (for example, the API secret was changed in SALESmanago); it can also mean the account is inactive.',
    fix: `Re-enter the API secret and API key as shown ${API_ACCESS}. If they are right, ask SALESmanago support whether the account and its API access are active.`,
    retryable: false,
  },
  'auth-user-not-authenticated': {
    title: 'SALESmanago did not accept the user',
    explanation:
      "SALESmanago's own integrations read this as a wrong login or password of the SALESmanago user.",
    fix: `Check the owner email and the credentials ${API_ACCESS}.`,
    retryable: false,
  },
  'auth-not-authorized': {
    title: 'This account may not use this API call',
    explanation: 'The credentials were read, but the account or user has no permission for this request.',
    fix: 'Ask your SALESmanago administrator or support to enable API access (external events) for the account.',
    retryable: false,
  },
  'owner-missing': {
    title: 'The owner email is missing',
    explanation: 'Every request must name the owner: the email of a SALESmanago user of this account.',
    fix: "Pick the owner in this integration's settings from the account's users.",
    retryable: false,
  },
  'owner-invalid': {
    title: 'SALESmanago refused the owner',
    explanation: 'The owner email is not a user of this SALESmanago account.',
    fix: "Pick the owner from the account's users in this integration's settings (Verify lists them).",
    retryable: false,
  },
  'account-invalid': {
    title: 'The SALESmanago account is not valid',
    explanation: 'SALESmanago says the account is invalid: it may be inactive, expired or on another server.',
    fix: 'Check that the endpoint is the server you log in to, and ask SALESmanago support whether the account is active.',
    retryable: false,
  },
  'contact-missing': {
    title: 'The contact is missing',
    explanation:
      "SALESmanago could not tell whose event it is: the request had no contact's email or contact ID.",
    fix: "Enter the contact's email or contact ID and send again.",
    retryable: false,
  },
  'contact-not-found': {
    title: 'SALESmanago does not know this contact',
    explanation: 'No contact with this email or contact ID exists in the account.',
    fix: 'Create the contact in SALESmanago first, or check the email or contact ID for typos. (Force opt-in may create a missing contact; SALESmanago does not document it.)',
    retryable: false,
  },
  'event-type-invalid': {
    title: 'SALESmanago refused the event type',
    explanation:
      'The event type is not one SALESmanago accepts (it must be one of the 25 types, in capital letters).',
    fix: 'Choose the type from the list, e.g. PURCHASE or CART.',
    retryable: false,
  },
  'validation-failed': {
    title: 'SALESmanago refused some fields',
    explanation: 'SALESmanago checked the fields and refused some of them.',
    fix: 'Correct the fields named in the details and send again.',
    retryable: false,
  },
  'rejected-other': {
    title: 'SALESmanago refused the request',
    explanation: 'SALESmanago said no with a message this console does not know yet.',
    fix: "Read SALESmanago's message below; if it is unclear, send it with the request to SALESmanago support.",
    retryable: false,
  },
  'http-redirect': {
    title: 'The endpoint redirects elsewhere',
    explanation:
      'The endpoint answered with a redirect. The console does not follow it, because it would send the credentials to another address.',
    fix: 'Set the endpoint to the address it redirects to, if that is your SALESmanago server.',
    retryable: false,
  },
  'http-not-found': {
    title: 'The endpoint has no such API address',
    explanation: 'The server answered "not found" (HTTP 404): it is probably not a SALESmanago API endpoint.',
    fix: 'Set the endpoint to the server you log in to, e.g. app3.salesmanago.com, without any path.',
    retryable: false,
  },
  'http-client-error': {
    title: 'The endpoint refused the request',
    explanation: 'The server answered with an HTTP error that retrying will not fix.',
    fix: 'Check the endpoint and credentials; if they are right, send the request and answer to SALESmanago support.',
    retryable: false,
  },
  'http-rate-limited': {
    title: 'SALESmanago asked to slow down',
    explanation: 'SALESmanago answered "too many requests" (HTTP 429).',
    fix: 'Nothing to do: the console retries later. If it keeps happening, send fewer events per minute.',
    retryable: true,
  },
  'http-server-error': {
    title: 'SALESmanago had a server error',
    explanation: 'The server answered with an error on its side (HTTP 5xx).',
    fix: 'Nothing to do: the console retries later. If it lasts for hours, contact SALESmanago support.',
    retryable: true,
  },
  malformed: {
    title: "SALESmanago's answer could not be read",
    explanation:
      "The answer was not SALESmanago's usual JSON, e.g. an HTML page from a proxy or a cut-off reply.",
    fix: 'The console retries later. If it keeps happening, check that the endpoint is your SALESmanago server.',
    retryable: true,
  },
  'empty-body': {
    title: 'SALESmanago answered with nothing',
    explanation:
      'The server said OK but sent an empty answer, so it is unknown whether the event was stored.',
    fix: 'The console retries later. If it keeps happening, check that the endpoint is your SALESmanago server.',
    retryable: true,
  },
  timeout: {
    title: 'SALESmanago did not answer in time',
    explanation: 'No answer came before the time limit. The event may or may not have been stored.',
    fix: 'Nothing to do: the console retries later. If it keeps happening, check the endpoint.',
    retryable: true,
  },
  'connection-refused': {
    title: 'The endpoint refused the connection',
    explanation: 'Nothing answered at this address and port.',
    fix: 'The console retries later. If it keeps happening, check the endpoint address.',
    retryable: true,
  },
  'connection-reset': {
    title: 'The connection was cut off',
    explanation:
      'The connection broke before the whole answer arrived. The event may or may not have been stored.',
    fix: 'Nothing to do: the console retries later.',
    retryable: true,
  },
  dns: {
    title: 'The endpoint name could not be found',
    explanation:
      'The server name did not resolve (DNS). It may be mistyped, or name resolution failed for a moment.',
    fix: 'Check the endpoint for typos (e.g. app3.salesmanago.com). The console retries later in case it was a passing failure.',
    retryable: true,
  },
  tls: {
    title: 'The secure connection failed',
    explanation:
      "The TLS (https) handshake failed: the certificate is not trusted or the server does not speak https. Retrying will not fix the server's setup.",
    fix: 'Check the endpoint address and its scheme (https for SALESmanago). For a self-hosted proxy, fix its certificate.',
    retryable: false,
  },
  network: {
    title: 'The network failed',
    explanation: 'The request could not be sent because of a network problem.',
    fix: 'Nothing to do: the console retries later. If it keeps happening, check the network access of the server running the console.',
    retryable: true,
  },
  interrupted: {
    title: 'The console stopped while sending',
    explanation:
      'The console was restarted while this request was on its way, so it is unknown whether SALESmanago stored the event.',
    fix: 'Nothing to do: the console sent it again. Check SALESmanago for a duplicate if the event must be unique.',
    retryable: true,
  },
  'integration-deleted': {
    title: 'The integration was deleted',
    explanation:
      'This event belongs to an integration that no longer exists, so there are no credentials to send it with.',
    fix: 'Send it again from another integration if it is still needed.',
    retryable: false,
  },
  'credentials-unreadable': {
    title: 'The stored credentials cannot be read',
    explanation:
      'The API key or secret could not be decrypted: the encryption key (APP_SECRET_KEY or DATA_DIR/secret.key) changed since they were saved.',
    fix: 'Restore the original encryption key, or enter the API key and secret again in the integration settings.',
    retryable: false,
  },
  'maybe-stored': {
    title: 'May already be in SALESmanago',
    explanation:
      'SALESmanago gave no clear answer (it did not answer in time, the connection was cut, or the answer could not be read), so it may have stored the event. This type counts value, so the console did not send it again by itself.',
    fix: 'Look for the event on the contact in SALESmanago. If it is there, choose “Mark as delivered”; if not, choose “Send again”.',
    retryable: false,
  },
  stopped: {
    title: 'Retrying was stopped',
    explanation:
      'A person stopped the automatic retries of this delivery; it will not be sent again by itself.',
    fix: 'Nothing to do. Use “Resend” if the event should still reach SALESmanago.',
    retryable: false,
  },
  replaced: {
    title: 'Replaced by a resend that succeeded',
    explanation:
      'This event was sent again (as it was or edited) and SALESmanago accepted that resend, so the console stopped retrying this one.',
    fix: 'Nothing to do.',
    retryable: false,
  },
  'marked-delivered': {
    title: 'Marked as delivered',
    explanation:
      'SALESmanago gave no clear answer to the last attempt, and a person checked that the event had arrived.',
    fix: 'Nothing to do.',
    retryable: false,
  },
};

export function describeReason(code: ReasonCode): ReasonInfo & { code: ReasonCode } {
  return { code, ...REASONS[code] };
}

/** Lower case, punctuation and extra spaces removed: "Not authenticated, invalid owner." ~ "not authenticated invalid owner". */
export function normalizeMessage(message: string): string {
  return message
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// The exact strings of the official lib's SalesManagoError (§4.2), plus one seen by a third party.
const EXACT: Record<string, ReasonCode> = {
  'user not authenticated': 'auth-user-not-authenticated',
  'api key not specified': 'auth-missing-api-key',
  'token not specified': 'auth-missing-token',
  'not authorized': 'auth-not-authorized',
  'not authenticated': 'auth-not-authenticated',
  'not authenticated not owner specified': 'owner-missing',
  'not authenticated invalid owner': 'owner-invalid',
  'authorization failed wrong token': 'auth-wrong-token',
  'authorization failed wrong clientid': 'auth-wrong-client-id',
  'invalid account': 'account-invalid',
  'no email specified': 'contact-missing',
};

// Texts no source pins down (open question 8): the likely shapes of "unknown contact" and "bad type".
const PATTERNS: [RegExp, ReasonCode][] = [
  [
    /\bcontact\b.*\b(not found|not exists?|does not exist|doesn t exist)\b|\bno such contact\b/,
    'contact-not-found',
  ],
  // Only "type" on its own or as "event type", so "Invalid content type" stays an unknown message.
  [/\b(invalid|unknown|wrong|incorrect|unsupported) (external )?(event )?type\b/, 'event-type-invalid'],
  [/(^|\bevent )type\b.*\b(invalid|unknown|not allowed|not supported|not valid)\b/, 'event-type-invalid'],
  [/\bcontactexteventtype\b/, 'event-type-invalid'],
  [/\bowner\b.*\b(invalid|not found|not exists?|does not exist)\b/, 'owner-invalid'],
  [/\b(email|contactid)\b.*\b(not specified|required|missing)\b/, 'contact-missing'],
];

/** The reason a SALESmanago message stands for, or undefined for a message we do not know. */
export function matchMessage(message: string): ReasonCode | undefined {
  const text = normalizeMessage(message);
  // Own keys only: the text comes from SALESmanago, and "constructor" must not find Object's member.
  if (Object.hasOwn(EXACT, text)) return EXACT[text];
  return PATTERNS.find(([re]) => re.test(text))?.[1];
}
