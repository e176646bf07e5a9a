import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { requirePageUser } from '@/lib/auth/page';
import { contactTimeline } from '@/lib/data/contacts';
import { contactKeys } from '@/lib/queries/contacts';
import { ContactPageClient } from './page-client';

type Params = { params: Promise<{ contact: string }> };

/** The path segment as typed: Next hands it over still percent-encoded in some versions, decoded in others. */
function contactOf(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Contact ${contactOf((await params).contact)}` };
}

export default async function ContactPage({ params }: Params) {
  await requirePageUser();
  const contact = contactOf((await params).contact);
  let seed;
  try {
    seed = await contactTimeline(contact);
  } catch {
    seed = undefined; // an unusable key: the screen shows the API's message
  }
  return (
    <Hydrate seeds={seed ? [{ queryKey: contactKeys.timeline(contact), data: seed }] : []}>
      <ContactPageClient contact={contact} />
    </Hydrate>
  );
}
