/**
 * What the sandbox needs to remember, as an interface: lib/data/sandbox.ts keeps it in SQLite, and
 * unit tests use an in-memory implementation. The sandbox's rules (lib/sandbox/*) stay free of DB code.
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
  findAccount(clientId: string): SandboxAccount | undefined;
  listUsers(accountId: number): string[];
  findContactByEmail(accountId: number, email: string): SandboxContact | undefined;
  findContact(accountId: number, id: string): SandboxContact | undefined;
  createContact(accountId: number, email: string | null): SandboxContact;
  insertEvents(accountId: number, events: Omit<SandboxEventRecord, 'createdAt' | 'updatedAt'>[]): void;
  findEvent(accountId: number, id: string): SandboxEventRecord | undefined;
  updateEvent(accountId: number, id: string, type: string, event: Record<string, unknown>): void;
  /** Increments and returns a named counter (used by magic contacts that fail a set number of times). */
  bump(key: string): number;
}
