import Link from 'next/link';

import { buttonClass } from '@/components/ui/button';

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4 px-4 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="max-w-md text-sm text-slate-600">
        This page does not exist, or what it showed was deleted. Check the address, or start again from the
        integrations.
      </p>
      <Link href="/integrations" className={buttonClass('primary')}>
        Go to integrations
      </Link>
    </main>
  );
}
