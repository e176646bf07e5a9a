/**
 * An abort signal that fires after `ms`, for an outgoing request: `expired()` tells a timeout apart from
 * any other abort or network error, and `clear()` (in a finally) stops the timer once the request ends.
 */
export function deadline(ms: number): { signal: AbortSignal; expired: () => boolean; clear: () => void } {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, ms);
  return { signal: controller.signal, expired: () => expired, clear: () => clearTimeout(timer) };
}
