import { authenticate } from './auth';
// events.ts imports only the SandboxHandler type from here, so this import makes no runtime cycle.
import { EVENT_HANDLERS } from './events';
import { ok, refuse, type SandboxReply } from './reply';
import type { SandboxStore } from './store';

export type SandboxHandler = (
  body: Record<string, unknown>,
  store: SandboxStore,
  now: number,
) => Promise<SandboxReply>;

const listByClient: SandboxHandler = async (body, store) => {
  const auth = await authenticate(body, store);
  if (!auth.ok) return auth.reply;
  return ok({ users: await store.listUsers(auth.account.id) });
};

const hasContact: SandboxHandler = async (body, store) => {
  const auth = await authenticate(body, store);
  if (!auth.ok) return auth.reply;
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  if (!email) return refuse('No email specified');
  const contact = (await store.findContactsByEmail(auth.account.id, [email])).get(email);
  return contact ? ok({ result: true, contactId: contact.id }) : ok({ result: false });
};

const handlers = new Map<string, SandboxHandler>([
  ['/api/user/listByClient', listByClient],
  ['/api/contact/hasContact', hasContact],
  ...Object.entries(EVENT_HANDLERS),
]);

/** Answers one sandbox API call the way SALESmanago's API would. */
export async function handleSandboxApi(
  path: string,
  rawBody: string,
  store: SandboxStore,
  now = Date.now(),
): Promise<SandboxReply> {
  const handler = handlers.get(path);
  if (!handler) return { status: 404, json: { success: false, message: [`Unknown API method ${path}`] } };
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return { status: 400, json: { success: false, message: ['Request body is not valid JSON'] } };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { status: 400, json: { success: false, message: ['Request body must be a JSON object'] } };
  }
  return handler(body as Record<string, unknown>, store, now);
}
