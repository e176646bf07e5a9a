/**
 * The console's logger. Logs only our own words plus an error's name and message; request bodies,
 * headers and SALESmanago payloads never go to the log because they may hold credentials.
 */
const SECRET_LIKE = /("?(apiKey|apiSecret|sha|password|token)"?\s*[:=]\s*)("[^"]*"|\S+)/gi;

export function redactLogText(text: string): string {
  return text.replace(SECRET_LIKE, '$1"[redacted]"');
}

export function logInfo(message: string): void {
  console.log(`[console] ${redactLogText(message)}`);
}

/**
 * The driver's own words behind a wrapped error: drizzle's "Failed query" names the statement, and the
 * reason (a deadlock, a constraint) is its cause's message and code. Never the cause's `detail`, which
 * can quote the row's values.
 */
function causeOf(err: Error): string {
  const cause = err.cause;
  if (!(cause instanceof Error)) return '';
  const code = (cause as { code?: unknown }).code;
  return ` (cause: ${cause.message}${typeof code === 'string' ? ` [${code}]` : ''})`;
}

export function logError(context: string, err: unknown): void {
  const detail =
    err instanceof Error ? `${err.name}: ${err.message}${causeOf(err)}` : 'non-error value thrown';
  console.error(`[console] ${context}: ${redactLogText(detail)}`);
  if (err instanceof Error && err.stack && process.env.NODE_ENV !== 'production') {
    console.error(redactLogText(err.stack.split('\n').slice(1, 6).join('\n')));
  }
}
