'use client';

import type { NotificationView } from '@/lib/data/notifications';
import { Outcome } from './outcome';

/** The answer of a "Send a test" button, read out to screen readers as it arrives. */
export function TestResult({ result, error }: { result?: NotificationView; error?: string | null }) {
  return (
    <div role="status" className="text-sm text-slate-700">
      {result ? (
        <span className="flex flex-wrap items-center gap-2">
          Test to {result.recipient}: <Outcome n={result} />
        </span>
      ) : error ? (
        <span className="text-red-700">{error}</span>
      ) : null}
    </div>
  );
}
