/**
 * Plain summaries of what a request changed, for the audit log: field names and non-secret values only.
 */
const LABELS: Record<string, string> = {
  name: 'name',
  endpoint: 'endpoint',
  clientId: 'client ID',
  owner: 'owner',
};

export function describeIntegrationChange(input: unknown): string {
  if (!input || typeof input !== 'object') return 'Changed the integration.';
  const body = input as Record<string, unknown>;
  const parts: string[] = [];
  const changed = Object.keys(LABELS).filter((k) => body[k] !== undefined);
  if (changed.length) parts.push(`changed ${changed.map((k) => LABELS[k]).join(', ')}`);
  if (typeof body.apiKey === 'string' && body.apiKey) parts.push('replaced the API key');
  if (typeof body.apiSecret === 'string' && body.apiSecret) parts.push('replaced the API secret');
  if (body.collector && typeof body.collector === 'object') {
    const c = body.collector as Record<string, unknown>;
    const bits: string[] = [];
    if (typeof c.enabled === 'boolean') bits.push(c.enabled ? 'switched on' : 'switched off');
    if (Array.isArray(c.allowedOrigins))
      bits.push(`allowed origins: ${c.allowedOrigins.join(', ') || 'none'}`);
    if (Array.isArray(c.allowedTypes)) bits.push(`allowed types: ${c.allowedTypes.join(', ') || 'none'}`);
    parts.push(`website events ${bits.join('; ')}`);
  }
  if (!parts.length) return 'Saved the integration without changes.';
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}
