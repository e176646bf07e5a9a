import Link from 'next/link';

import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';

export default function DeliveryNotFound() {
  return (
    <PageHeader
      eyebrow={
        <Link href="/deliveries" className="hover:underline">
          History
        </Link>
      }
      title="This delivery does not exist"
      description="No delivery has this number. Check the link, or find the delivery in the history."
      actions={
        <Link href="/deliveries" className={buttonClass('primary')}>
          Go to the history
        </Link>
      }
    />
  );
}
