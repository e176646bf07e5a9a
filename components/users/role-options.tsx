import { ROLES } from '@/db/enums';
import { ROLE_LABELS } from '@/lib/roles';

/** The roles as <option>s, in the order ROLES gives them, for every select that picks a role. */
export function RoleOptions() {
  return ROLES.map((r) => (
    <option key={r} value={r}>
      {ROLE_LABELS[r].label}
    </option>
  ));
}
