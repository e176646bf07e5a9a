import type { Metadata } from 'next';

import { PageHeader } from '@/components/ui/page-header';
import { requirePageUser } from '@/lib/auth/page';
import { ContactFinder } from './contact-finder';

export const metadata: Metadata = { title: 'Contacts' };

export default async function ContactsPage() {
  await requirePageUser();
  return (
    <>
      <PageHeader
        title="Contacts"
        description="Every event sent for one contact, across all integrations: enter the email or contact ID the events carried."
      />
      <ContactFinder />
    </>
  );
}
