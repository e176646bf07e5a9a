import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who may use the process's one SQLite connection right now (issue 17).
 *
 * better-sqlite3 runs each statement synchronously, but the data layer's functions are asynchronous (they
 * must be, for PostgreSQL), so a transaction's statements are separated by awaits, and another request's
 * statements could run in between on the same connection: inside the open transaction, reading what it
 * has not committed, or committed or rolled back with it. The gate prevents that: a transaction holds it
 * from BEGIN to COMMIT, and every statement of anyone else waits until it is free. The holder is known by
 * an AsyncLocalStorage token that flows through the transaction's own awaits (and nowhere else).
 *
 * A statement that finds the gate free runs at once, synchronously, so the common case costs one
 * AsyncLocalStorage read. Waiters are woken in arrival order when the holder releases.
 */
export class SqliteGate {
  private holder: symbol | null = null;
  private waiters: Array<() => void> = [];
  private readonly context = new AsyncLocalStorage<symbol>();

  /** True when no transaction holds the connection, or the caller is inside the one that does. */
  mayRun(): boolean {
    return this.holder === null || this.holder === this.context.getStore();
  }

  /** True inside a transaction that holds the gate (its statements, its nested transactions). */
  insideHolder(): boolean {
    return this.holder !== null && this.holder === this.context.getStore();
  }

  /** Resolves when the caller may run a statement (at once in the common case). */
  async untilMayRun(): Promise<void> {
    while (!this.mayRun()) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /**
   * Runs `fn` holding the gate: statements from `fn`'s own async flow run, everyone else's wait. Nested
   * calls from inside the holder run `fn` directly (the caller makes them savepoints).
   */
  async hold<T>(fn: () => Promise<T>): Promise<T> {
    if (this.insideHolder()) return fn();
    // Checked and taken in one synchronous step: an await between them would let two flows through.
    while (this.holder !== null) await new Promise<void>((resolve) => this.waiters.push(resolve));
    const token = Symbol('sqlite transaction');
    this.holder = token;
    try {
      return await this.context.run(token, fn);
    } finally {
      this.holder = null;
      this.wakeAll();
    }
  }

  private wakeAll(): void {
    // Everyone re-checks: the first to take the gate again makes the rest wait anew.
    for (const wake of this.waiters.splice(0)) wake();
  }
}
