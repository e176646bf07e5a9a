// An in-memory SandboxStore for unit tests: the same contract as lib/data/sandbox.ts (SQLite), with its
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

    findAccount(clientId) {
      const account = store.accounts.find((a) => a.clientId === clientId);
      return account && { id: account.id, clientId: account.clientId, apiSecret: account.apiSecret };
    },
    listUsers(accountId) {
      return [...(store.accounts.find((a) => a.id === accountId)?.users ?? [])];
    },
    // Emails are kept and compared in lower case, as the SQLite store does.
    findContactByEmail(accountId, email) {
      const wanted = email.toLowerCase();
      const found = store.contacts.find((c) => c.accountId === accountId && c.email === wanted);
      return found && { id: found.id, email: found.email };
    },
    findContact(accountId, id) {
      const found = store.contacts.find((c) => c.accountId === accountId && c.id === id);
      return found && { id: found.id, email: found.email };
    },
    createContact(accountId, email) {
      const contact = { id: randomUUID(), email: email?.toLowerCase() ?? null };
      store.contacts.push({ ...contact, accountId });
      return contact;
    },
    insertEvents(accountId, events) {
      const createdAt = clock();
      // Copies, so a handler that kept a reference cannot change what was "written".
      for (const e of events) {
        store.events.push({ ...structuredClone(e), accountId, createdAt, updatedAt: null });
      }
    },
    findEvent(accountId, id) {
      const found = store.events.find((e) => e.accountId === accountId && e.id === id);
      if (!found) return undefined;
      const { accountId: _accountId, ...record } = structuredClone(found);
      return record;
    },
    updateEvent(accountId, id, type, event) {
      const found = store.events.find((e) => e.accountId === accountId && e.id === id);
      if (!found) return;
      found.type = type;
      found.event = structuredClone(event);
      found.updatedAt = clock();
    },
    bump(key) {
      const count = (store.counters.get(key) ?? 0) + 1;
      store.counters.set(key, count);
      return count;
    },
  };
  return store;
}
