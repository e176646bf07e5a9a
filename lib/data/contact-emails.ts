import 'server-only';
import { inArray } from 'drizzle-orm';

import { schema } from '@/db';
import type { DeliveryView } from './deliveries';
import { db } from './engine';

/**
 * A website event names its contact by SALESmanago's contact ID (the smclient cookie), which tells a
 * marketer nothing. Where the console knows that contact's email (the sandbox's contacts), the view
 * carries it, so the history can show the email with the ID beside it. One query per page.
 */
export async function withContactEmails<T extends DeliveryView>(
  items: T[],
): Promise<Array<T & { contactEmail?: string }>> {
  const ids = contactIdsOf(items);
  if (!ids.length) return items;
  const c = schema.sandboxContacts;
  const rows = await db().select({ id: c.id, email: c.email }).from(c).where(inArray(c.id, ids));
  return withEmails(items, rows);
}

// An email names the contact already; anything else is a contact ID to look up.
function contactIdsOf(items: DeliveryView[]): string[] {
  return [...new Set(items.map((d) => d.contact).filter((c) => !c.includes('@')))];
}

function withEmails<T extends DeliveryView>(
  items: T[],
  contacts: Array<{ id: string; email: string | null }>,
): Array<T & { contactEmail?: string }> {
  const known = new Map(contacts.flatMap((r) => (r.email ? [[r.id, r.email] as const] : [])));
  return items.map((d) => {
    const email = known.get(d.contact);
    return email ? { ...d, contactEmail: email } : d;
  });
}
