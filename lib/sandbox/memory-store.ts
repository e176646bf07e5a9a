// An in-memory SandboxStore for unit tests: the same contract as lib/data/sandbox.ts (the database), with its
// state left public so tests can look at what the sandbox stored.
import { randomUUID } from 'node:crypto';

import type { Credentials } from '@/lib/salesmanago/auth';
import type { SandboxAccount, SandboxContact, SandboxEventRecord, SandboxStore } from './store';

/** The credentials of the one account a fresh memory store holds, for signing test requests. */
export const MEMORY_STORE_CREDENTIALS: Credentials = {
  clientId: 'sbxmemorytest01',
  apiKey: 'memory-api-key',
  apiSecret: 'memory-api-secret',
  owner: 'owner@sandbox.example.com',
};

export const MEMORY_STORE_USERS = [MEMORY_STORE_CREDENTIALS.owner, 'marketing@sandbox.example.com'];

export interface MemorySandboxStore extends SandboxStore {
  accounts: (SandboxAccount & { users: string[] })[];
  contacts: (SandboxContact & { accountId: number })[];
  events: (SandboxEventRecord & { accountId: number })[];
  counters: Map<string, number>;
}

/** A store with one account (MEMORY_STORE_CREDENTIALS) and its two users; `clock` stamps createdAt/updatedAt. */
export function createMemorySandboxStore(clock: () => number = Date.now): MemorySandboxStore {
  const store: MemorySandboxStore = {
    accounts: [
      {
        id: 1,
        clientId: MEMORY_STORE_CREDENTIALS.clientId,
        apiSecret: MEMORY_STORE_CREDENTIALS.apiSecret,
        users: [...MEMORY_STORE_USERS],
      },
    ],
    contacts: [],
    events: [],
    counters: new Map(),

    async findAccount(clientId) {
      const account = store.accounts.find((a) => a.clientId === clientId);
      return account && { id: account.id, clientId: account.clientId, apiSecret: account.apiSecret };
    },
    async listUsers(accountId) {
      return [...(store.accounts.find((a) => a.id === accountId)?.users ?? [])];
    },
    async findContacts(accountId, ids) {
      const wanted = new Set(ids);
      return contactMap(
        store.contacts.filter((c) => c.accountId === accountId && wanted.has(c.id)),
        'id',
      );
    },
    // Emails are kept and compared in lower case, as the database store does.
    async findContactsByEmail(accountId, emails) {
      const wanted = new Set(emails.map((e) => e.toLowerCase()));
      const found = store.contacts.filter((c) => c.accountId === accountId && wanted.has(c.email ?? ''));
      return contactMap(found, 'email');
    },
    async ensureContacts(accountId, emails) {
      const found = await store.findContactsByEmail(accountId, emails);
      for (const email of new Set(emails.map((e) => e.toLowerCase()))) {
        if (!found.has(email)) found.set(email, await store.createContact(accountId, email));
      }
      return found;
    },
    async createContact(accountId, email) {
      const contact = { id: randomUUID(), email: email?.toLowerCase() ?? null };
      store.contacts.push({ ...contact, accountId });
      return contact;
    },
    async insertEvents(accountId, events) {
      const createdAt = clock();
      // Copies, so a handler that kept a reference cannot change what was "written".
      for (const e of events) {
        store.events.push({ ...structuredClone(e), accountId, createdAt, updatedAt: null });
      }
    },
    async findEvent(accountId, id) {
      const found = store.events.find((e) => e.accountId === accountId && e.id === id);
      if (!found) return undefined;
      const { accountId: _accountId, ...record } = structuredClone(found);
      return record;
    },
    async updateEvent(accountId, id, type, event) {
      const found = store.events.find((e) => e.accountId === accountId && e.id === id);
      if (!found) return;
      found.type = type;
      found.event = structuredClone(event);
      found.updatedAt = clock();
    },
    async bump(key) {
      const count = (store.counters.get(key) ?? 0) + 1;
      store.counters.set(key, count);
      return count;
    },
    // One process and no awaits on I/O: nothing can interleave that a transaction would keep out.
    transaction: (fn) => fn(),
  };
  return store;
}

/** Copies of the contacts, keyed by `key`; the first one wins, as a look-up by email finds the oldest. */
function contactMap(rows: SandboxContact[], key: 'id' | 'email'): Map<string, SandboxContact> {
  const map = new Map<string, SandboxContact>();
  for (const c of rows) if (!map.has(c[key]!)) map.set(c[key]!, { id: c.id, email: c.email });
  return map;
}
