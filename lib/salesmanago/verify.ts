// The "Verify" button: reads one signed /api/user/listByClient call (docs/salesmanago.md §5) as a list of
// checks that name the failing part (endpoint, answer, credentials, owner, clock) and what to do about it.
import type { TransportResult } from './client';
import { extractMessages } from './decode';
import { matchMessage, REASONS, type ReasonCode } from './messages';

export type VerificationCheckName = 'endpoint' | 'answer' | 'credentials' | 'owner' | 'clock';

export interface VerificationCheck {
  name: VerificationCheckName;
  label: string;
  ok: boolean;
  /** Did not run, because an earlier check failed: neither passed nor failed (shown grey). */
  notChecked?: true;
  message: string;
}

export interface VerificationResult {
  ok: boolean;
  checks: VerificationCheck[];
  /** The account's users as SALESmanago listed them, for the owner picker. */
  users: string[];
  /** SALESmanago's refusal, decoded (messages.ts), when it refused with a message the console knows. */
  reason?: ReasonCode;
}

/** How far this server's clock may drift from SALESmanago's before Verify complains. */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

const LABELS: Record<VerificationCheckName, string> = {
  endpoint: 'Endpoint reachable',
  answer: 'Answers like SALESmanago',
  credentials: 'Client ID, API key and API secret accepted',
  owner: 'Owner is a user of the account',
  clock: "This server's clock",
};

// Why later checks did not run, phrased to follow "Not checked because".
const BLOCKED_BECAUSE: Record<VerificationCheckName, string> = {
  endpoint: 'the endpoint could not be reached',
  answer: 'the endpoint did not answer like SALESmanago',
  credentials: 'SALESmanago did not accept the credentials',
  owner: 'the owner was not confirmed',
  clock: "the clock did not match SALESmanago's",
};

const API_ACCESS = 'Settings → Integration → API access in SALESmanago';
const ENDPOINT_HINT = 'Set the endpoint to the server you log in to, e.g. app3.salesmanago.com.';

type Json = Record<string, unknown>;
type Outcome = { ok: boolean; message: string };

export function interpretVerification(input: {
  result: TransportResult;
  owner: string;
  localNow: number;
}): VerificationResult {
  const { result, owner, localNow } = input;
  const checks: VerificationCheck[] = [];
  let blockedBy: VerificationCheckName | undefined;
  const run = (name: VerificationCheckName, check: () => Outcome) => {
    if (blockedBy) {
      checks.push({
        name,
        label: LABELS[name],
        ok: false,
        notChecked: true,
        message: `Not checked because ${BLOCKED_BECAUSE[blockedBy]}.`,
      });
      return;
    }
    const outcome = check();
    checks.push({ name, label: LABELS[name], ...outcome });
    if (!outcome.ok) blockedBy = name;
  };

  const response = result.kind === 'response' ? result : undefined;
  const json = response ? parseObject(response.bodyText) : undefined;
  const messages = json ? extractMessages(json) : [];
  const reason = messages.map(matchMessage).find((r): r is ReasonCode => r !== undefined);
  const users = json ? listUsers(json.users) : [];
  const clock = response ? compareClock(response.headers.date, localNow) : undefined;

  run('endpoint', () =>
    result.kind === 'transport-error'
      ? { ok: false, message: `${result.message} ${endpointFix(result.error)}` }
      : { ok: true, message: `Reached in ${result.durationMs} ms (HTTP ${result.httpStatus}).` },
  );
  run('answer', () => checkAnswer(response!, json));
  run('credentials', () => {
    const outcome = checkCredentials(json!, messages, reason);
    // A far-off clock can be why the credentials failed, if SALESmanago checks requestTime (open question 5).
    return !outcome.ok && clock && !clock.ok
      ? { ok: false, message: `${outcome.message} Also: ${clock.message}` }
      : outcome;
  });
  run('owner', () => checkOwner(json!, reason, owner, users));
  run('clock', () => clock!);

  return { ok: checks.every((c) => c.ok), checks, users, ...(reason ? { reason } : {}) };
}

function endpointFix(error: string): string {
  switch (error) {
    case 'timeout':
      return `Check the endpoint; if it is right, SALESmanago may be slow, so try Verify again. ${ENDPOINT_HINT}`;
    case 'connection-reset':
      return "Try Verify again; if it keeps failing, check the endpoint and the console server's network access.";
    default:
      // Unknown host, refused, TLS, network: the console's own server could not get there at all. Typing
      // the same address again cannot help; what can is checking it against the login address, then IT.
      return UNREACHABLE;
  }
}

const UNREACHABLE =
  "The console's server cannot reach SALESmanago at this address. If it is the address you log in to " +
  'SALESmanago at (e.g. app3.salesmanago.com), the endpoint is right: ask your IT team to let the ' +
  "console's server connect to it over HTTPS (port 443), through its firewall, proxy and DNS.";

function checkAnswer(
  response: Extract<TransportResult, { kind: 'response' }>,
  json: Json | undefined,
): Outcome {
  const status = response.httpStatus;
  const message = json?.message;
  if (json && typeof json.success === 'boolean' && (Array.isArray(message) || typeof message === 'string')) {
    return { ok: true, message: `SALESmanago answered (HTTP ${status}).` };
  }
  if (status >= 300 && status < 400) {
    const to = response.headers.location ? ` to ${response.headers.location}` : '';
    return {
      ok: false,
      message: `The endpoint redirects${to} (HTTP ${status}). Set the endpoint to that address if it is your SALESmanago server.`,
    };
  }
  if (status === 429)
    return { ok: false, message: 'SALESmanago asked to slow down (HTTP 429). Try Verify again in a minute.' };
  if (status >= 500) {
    return {
      ok: false,
      message: `The endpoint had a server error (HTTP ${status}). Try Verify again in a few minutes; if it lasts, contact SALESmanago support.`,
    };
  }
  if (status === 404)
    return { ok: false, message: `The endpoint has no SALESmanago API (HTTP 404). ${ENDPOINT_HINT}` };
  const text = response.bodyText.trim();
  const what = !text
    ? 'an empty answer'
    : /^</.test(text)
      ? 'a web page'
      : json
        ? 'JSON of another shape'
        : 'text that is not JSON';
  return {
    ok: false,
    message: `The endpoint answered HTTP ${status} with ${what}, not SALESmanago's JSON. Check that it is your SALESmanago server. ${ENDPOINT_HINT}`,
  };
}

function checkCredentials(json: Json, messages: string[], reason: ReasonCode | undefined): Outcome {
  if (json.success === true)
    return { ok: true, message: 'SALESmanago accepted the client ID, API key and API secret.' };
  const said = messages.length ? ` (SALESmanago said: ${messages.map((m) => `"${m}"`).join('; ')})` : '';
  switch (reason) {
    case 'owner-missing':
    case 'owner-invalid':
      // SALESmanago only objected to the owner; the owner check below says so.
      return { ok: true, message: 'SALESmanago did not object to the client ID, API key or API secret.' };
    case 'auth-wrong-token':
    case 'auth-missing-token':
    case 'auth-not-authenticated': {
      const inactive =
        reason === 'auth-not-authenticated'
          ? ' If they are right, the account may be inactive: ask SALESmanago support.'
          : '';
      return {
        ok: false,
        message: `SALESmanago rejected the API secret: the sha (the signature made from the API key, client ID and API secret) did not match${said}. Re-enter the API secret and API key from ${API_ACCESS}.${inactive}`,
      };
    }
    case 'auth-wrong-client-id':
      return {
        ok: false,
        message: `SALESmanago does not know this client ID${said}. Copy the client ID from ${API_ACCESS}, and check that the endpoint is the server you log in to.`,
      };
    case 'auth-missing-api-key':
      return { ok: false, message: `The API key is missing${said}. Enter it from ${API_ACCESS}.` };
    case undefined:
    case 'rejected-other':
      return {
        ok: false,
        message: `SALESmanago refused the credentials${said}. ${REASONS['rejected-other'].fix}`,
      };
    default:
      return { ok: false, message: `${REASONS[reason].title}${said}. ${REASONS[reason].fix}` };
  }
}

function checkOwner(json: Json, reason: ReasonCode | undefined, owner: string, users: string[]): Outcome {
  const who = owner.trim();
  if (!who || reason === 'owner-missing') {
    return {
      ok: false,
      message: 'No owner was given. Enter the owner: the email of a user of this SALESmanago account.',
    };
  }
  const choose = users.length
    ? ` Choose one of: ${users.join(', ')}.`
    : " Choose the owner from the account's users.";
  if (reason === 'owner-invalid' || json.success !== true) {
    return {
      ok: false,
      message: `SALESmanago refused the owner ${who}: it is not a user of this account.${choose}`,
    };
  }
  if (users.some((u) => u.toLowerCase() === who.toLowerCase())) {
    return { ok: true, message: `${who} is a user of this account.` };
  }
  if (!users.length) {
    return {
      ok: false,
      message: `SALESmanago listed no users, so the owner ${who} could not be confirmed. Check in SALESmanago that ${who} is a user of the account.`,
    };
  }
  return { ok: false, message: `The owner ${who} is not a user of this SALESmanago account.${choose}` };
}

function compareClock(dateHeader: string | undefined, localNow: number): Outcome {
  if (!dateHeader)
    return { ok: true, message: 'SALESmanago sent no Date header, so the clock could not be compared.' };
  const serverNow = Date.parse(dateHeader);
  if (Number.isNaN(serverNow)) {
    return {
      ok: true,
      message: "SALESmanago's Date header could not be read, so the clock could not be compared.",
    };
  }
  const diff = localNow - serverNow;
  if (Math.abs(diff) <= CLOCK_TOLERANCE_MS) {
    return {
      ok: true,
      message: `This server's clock agrees with SALESmanago's (within ${Math.max(1, Math.round(Math.abs(diff) / 1000))} s).`,
    };
  }
  const minutes = Math.round(Math.abs(diff) / 60_000);
  return {
    ok: false,
    message: `This server's clock is ${minutes} minutes off (${diff > 0 ? 'ahead of' : 'behind'} SALESmanago's). Synchronise it, e.g. turn on NTP: request times that far off can make SALESmanago refuse requests.`,
  };
}

/** Users are documented as strings (C# UsersResponse); some accounts answer objects with an email. */
function listUsers(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((u) =>
      typeof u === 'string'
        ? u
        : typeof u === 'object' && u && typeof (u as Json).email === 'string'
          ? ((u as Json).email as string)
          : '',
    )
    .map((u) => u.trim())
    .filter(Boolean);
}

function parseObject(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}
