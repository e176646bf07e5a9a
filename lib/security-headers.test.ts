import { describe, expect, it } from 'vitest';

import { contentSecurityPolicy, newNonce, securityHeaders } from './security-headers';

describe('security headers', () => {
  it('allows only nonce-carrying scripts, no inline or eval in production, and no framing', () => {
    const csp = contentSecurityPolicy('abc123', { dev: false, https: false });
    const script = csp.split('; ').find((d) => d.startsWith('script-src'))!;
    expect(script).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(script).not.toContain('unsafe');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it('adds HSTS only over https and unsafe-eval only in development', () => {
    expect(securityHeaders('n', { dev: false, https: false })).not.toHaveProperty(
      'Strict-Transport-Security',
    );
    expect(securityHeaders('n', { dev: false, https: true })['Strict-Transport-Security']).toContain(
      'max-age',
    );
    expect(contentSecurityPolicy('n', { dev: true, https: false })).toContain("'unsafe-eval'");
    expect(securityHeaders('n', { dev: false, https: false })['X-Content-Type-Options']).toBe('nosniff');
  });

  it('makes a fresh, unguessable nonce each time', () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });
});
