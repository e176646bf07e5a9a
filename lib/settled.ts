type NotThenable<V> = V extends PromiseLike<unknown> ? never : V;

/**
 * Where data leaves the server, as JSON or as React Query seeds, a promise is written out as `{}`. Taken as
 * `T & Settled<T>`, a value with a promise in it (itself, or one of its properties) does not compile, so a
 * missed `await` on lib/data is caught there too (neither lint rule sees a promise passed as `unknown`).
 */
export type Settled<T> = NotThenable<T> & { [K in keyof T]: NotThenable<T[K]> };
