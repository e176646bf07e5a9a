/**
 * What the sandbox needs to remember, as an interface: lib/data/sandbox.ts keeps it in the console's
 * database (SQLite or PostgreSQL), and unit tests use an in-memory implementation. The sandbox's rules
 * (lib/sandbox/*) stay free of DB code. Every method is asynchronous: on PostgreSQL each is a round trip,
 * so the look-ups a batch needs take lists (one statement per batch, never one per event), and an empty
 * list is answered without one.
 */
export interface SandboxAccount {
  id: number;
  clientId: string;
  apiSecret: string;
}

export interface SandboxContact {
  id: string;
  email: string | null;
}

export interface SandboxEventRecord {
  id: string;
  contactId: string;
  type: string;
  event: Record<string, unknown>;
  path: string;
  createdAt: number;
  updatedAt: number | null;
}

export interface SandboxStore {
  findAccount(clientId: string): Promise<SandboxAccount | undefined>;
  listUsers(accountId: number): Promise<string[]>;
  /** The contacts these IDs name, keyed by ID; IDs with no contact are absent. */
  findContacts(accountId: number, ids: readonly string[]): Promise<Map<string, SandboxContact>>;
  /** The contacts with these emails (compared in lower case), keyed by email in lower case. */
  findContactsByEmail(accountId: number, emails: readonly string[]): Promise<Map<string, SandboxContact>>;
  /**
   * The contacts with these emails, creating the ones that do not exist yet: each email gets one
   * contact, even when two requests ask for a new one at the same time. Keyed by email in lower case.
   */
  ensureContacts(accountId: number, emails: readonly string[]): Promise<Map<string, SandboxContact>>;
  /** A new contact; null for an anonymous visitor (sm.js). */
  createContact(accountId: number, email: string | null): Promise<SandboxContact>;
  insertEvents(
    accountId: number,
    events: Omit<SandboxEventRecord, 'createdAt' | 'updatedAt'>[],
  ): Promise<void>;
  findEvent(accountId: number, id: string): Promise<SandboxEventRecord | undefined>;
  updateEvent(accountId: number, id: string, type: string, event: Record<string, unknown>): Promise<void>;
  /** Increments and returns a named counter (used by magic contacts that fail a set number of times). */
  bump(key: string): Promise<number>;
  /** Runs `fn` as one transaction: a request's contacts and events are stored together or not at all. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
}
