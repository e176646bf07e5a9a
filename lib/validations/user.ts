import { z } from 'zod';

import { ROLES } from '@/db/enums';
import { displayName, email, password } from './common';

const role = z.enum(ROLES, { error: 'Role must be admin, marketer or viewer.' });

export const createUserSchema = z.strictObject({
  name: displayName({ label: 'Name', max: 80 }).default(''),
  email: email(),
  role,
  password,
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z.strictObject({
  role: role.optional(),
  name: displayName({ label: 'Name', max: 80 }).optional(),
  password: password.optional(),
});
export type UpdateUserInput = z.input<typeof updateUserSchema>;
