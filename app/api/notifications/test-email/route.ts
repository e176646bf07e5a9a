import { json, route } from '@/lib/api/respond';
import { requirePerson } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { sendTestEmail } from '@/lib/notifications/test-send';

export const dynamic = 'force-dynamic';

/** Sends a test email to the signed-in person now; the answer is the recorded notice with its outcome. */
export const POST = route(async (req) => {
  const actor = await requirePerson(req);
  const notification = await sendTestEmail({ id: actor.id, email: actor.email });
  await audit(actor.audit, 'notifications.test', `Test email to ${actor.email}: ${notification.status}.`, {
    type: 'user',
    id: actor.id,
  });
  return json({ notification });
});
