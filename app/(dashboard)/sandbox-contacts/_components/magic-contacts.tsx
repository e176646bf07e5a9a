import { CopyButton } from '@/components/ui/copy-button';
import { MAGIC_CONTACTS } from '@/lib/sandbox/magic-contacts';

/** The sandbox's documented misbehaving contacts, like a payment sandbox's test cards. */
export function MagicContacts() {
  return (
    <section
      aria-labelledby="magic-contacts-heading"
      className="mt-8 rounded-lg border border-slate-200 bg-white shadow-xs"
    >
      <div className="border-b border-slate-200 px-5 py-4">
        <h2 id="magic-contacts-heading" className="text-base font-semibold text-slate-900">
          Magic contacts
        </h2>
        <p className="mt-0.5 text-sm text-slate-600">
          Send an event to one of these addresses through the Sandbox integration to see how the console
          handles each way a real SALESmanago call can go wrong.
        </p>
      </div>
      <ul className="divide-y divide-slate-100">
        {MAGIC_CONTACTS.map((m) => (
          <li
            key={m.email}
            className="grid gap-2 px-5 py-4 text-sm md:grid-cols-[18rem_minmax(0,1fr)] md:gap-6"
          >
            <div className="flex flex-wrap items-center gap-2">
              <code className="font-mono text-xs font-semibold break-all text-slate-900">{m.email}</code>
              <CopyButton text={m.email} label="Copy" />
            </div>
            <dl className="space-y-1">
              <div>
                <dt className="inline font-medium text-slate-900">The sandbox: </dt>
                <dd className="inline text-slate-700">{m.behaviour}</dd>
              </div>
              <div>
                <dt className="inline font-medium text-slate-900">The console records: </dt>
                <dd className="inline text-slate-700">{m.outcome}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
