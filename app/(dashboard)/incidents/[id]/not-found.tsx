import Link from 'next/link';

import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';

export default function IncidentNotFound() {
  return (
    <PageHeader
      eyebrow={
        <Link href="/incidents" className="hover:underline">
          Incidents
        </Link>
      }
      title="This incident does not exist"
      description="No incident has this number. Check the link, or find it among the incidents."
      actions={
        <Link href="/incidents" className={buttonClass('primary')}>
          Go to the incidents
        </Link>
      }
    />
  );
}
