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

export function logError(context: string, err: unknown): void {
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : 'non-error value thrown';
  console.error(`[console] ${context}: ${redactLogText(detail)}`);
  if (err instanceof Error && err.stack && process.env.NODE_ENV !== 'production') {
    console.error(redactLogText(err.stack.split('\n').slice(1, 6).join('\n')));
  }
}
