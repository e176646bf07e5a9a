'use client';

import { Button } from '@/components/ui/button';
import { MAGIC_CONTACTS } from '@/lib/sandbox/magic-contacts';

/** Documented test contacts that make the sandbox fail on purpose, like Stripe's test cards. */
export function MagicContacts({ onUse }: { onUse: (email: string) => void }) {
  return (
    <details className="rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-xs">
      <summary className="cursor-pointer text-base font-semibold text-slate-900">
        Try failures with magic contacts
      </summary>
      <p className="mt-2 text-sm text-slate-700">
        The sandbox misbehaves on purpose for these emails, so you can see how the console records and retries
        each failure.
      </p>
      <ul className="mt-3 flex flex-col divide-y divide-slate-100">
        {MAGIC_CONTACTS.map((m) => (
          <li key={m.email} className="flex flex-wrap items-start justify-between gap-3 py-3">
            <div className="min-w-0 flex-1">
              <p className="font-mono text-sm text-slate-900">{m.email}</p>
              <p className="text-sm text-slate-700">{m.behaviour}</p>
              <p className="text-xs text-slate-600">Recorded as: {m.outcome}</p>
            </div>
            <Button
              variant="secondary"
              size="sm"
              onClick={() => onUse(m.email)}
              aria-label={`Use ${m.email} as the contact`}
            >
              Use
            </Button>
          </li>
        ))}
      </ul>
    </details>
  );
}
