import { Badge } from '@/components/ui/badge';
import type { VerificationView } from '@/lib/data/integrations';

export function VerifyBadge({ verification }: { verification: VerificationView | null }) {
  if (!verification) return <Badge tone="warning">Not verified</Badge>;
  return verification.status === 'ok' ? (
    <Badge tone="success">✓ Verified</Badge>
  ) : (
    <Badge tone="danger">✗ Verification failed</Badge>
  );
}

/** A small status dot for dense lists; the text is for screen readers and tooltips. */
export function VerifyDot({ verification }: { verification: VerificationView | null }) {
  const label = !verification
    ? 'not verified'
    : verification.status === 'ok'
      ? 'verified'
      : 'verification failed';
  const color = !verification
    ? 'bg-amber-500'
    : verification.status === 'ok'
      ? 'bg-emerald-600'
      : 'bg-red-600';
  return (
    <span title={label} className="inline-flex items-center">
      <span aria-hidden="true" className={`size-2 rounded-full ${color}`} />
      <span className="sr-only">({label})</span>
    </span>
  );
}
