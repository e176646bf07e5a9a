import 'server-only';
import { inArray } from 'drizzle-orm';

import { getDb, schema } from '@/db';
import type { DeliveryView } from './deliveries';

/**
 * A website event names its contact by SALESmanago's contact ID (the smclient cookie), which tells a
 * marketer nothing. Where the console knows that contact's email (the sandbox's contacts), the view
 * carries it, so the history can show the email with the ID beside it. One query per page.
 */
export function withContactEmailsSync<T extends DeliveryView>(
  items: T[],
): Array<T & { contactEmail?: string }> {
  const ids = [...new Set(items.map((d) => d.contact).filter((c) => !c.includes('@')))];
  if (!ids.length) return items;
  const known = new Map(
    getDb()
      .select({ id: schema.sandboxContacts.id, email: schema.sandboxContacts.email })
      .from(schema.sandboxContacts)
      .where(inArray(schema.sandboxContacts.id, ids))
      .all()
      .flatMap((r) => (r.email ? [[r.id, r.email] as const] : [])),
  );
  return items.map((d) => {
    const email = known.get(d.contact);
    return email ? { ...d, contactEmail: email } : d;
  });
}
