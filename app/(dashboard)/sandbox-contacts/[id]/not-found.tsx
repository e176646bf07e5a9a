import Link from 'next/link';

import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';

export default function SandboxContactNotFound() {
  return (
    <PageHeader
      eyebrow={
        <Link href="/sandbox-contacts" className="hover:underline">
          Sandbox contacts
        </Link>
      }
      title="This sandbox contact does not exist"
      description="The sandbox has no contact with this ID. Contacts appear when the sandbox first receives an event for them."
      actions={
        <Link href="/sandbox-contacts" className={buttonClass('primary')}>
          All sandbox contacts
        </Link>
      }
    />
  );
}
