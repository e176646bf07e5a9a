import { z } from 'zod';

import { ROLES } from '@/db/enums';
import { email, password } from './common';

const role = z.enum(ROLES, { error: 'Role must be admin, marketer or viewer.' });

export const createUserSchema = z.strictObject({
  name: z.string().trim().max(80, { error: 'Name can be at most 80 characters.' }).default(''),
  email: email(),
  role,
  password,
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z.strictObject({
  role: role.optional(),
  name: z.string().trim().max(80, { error: 'Name can be at most 80 characters.' }).optional(),
  password: password.optional(),
});
export type UpdateUserInput = z.input<typeof updateUserSchema>;
