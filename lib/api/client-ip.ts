/**
 * The caller's address as the custom server saw it on the socket (server.ts overwrites any
 * client-sent `x-client-ip`, so it cannot be forged from outside).
 */
export const CLIENT_IP_HEADER = 'x-client-ip';

export function clientIp(req: Request): string {
  return req.headers.get(CLIENT_IP_HEADER) ?? 'unknown';
}
