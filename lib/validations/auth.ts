import { z } from 'zod';

import { email, password } from './common';

export const loginSchema = z.strictObject({
  email: email(),
  password: z.string({ error: 'Password is required.' }).min(1, { error: 'Password is required.' }).max(200),
});
export type LoginInput = z.input<typeof loginSchema>;

export const setupSchema = z.strictObject({
  name: z.string().trim().max(80, { error: 'Name can be at most 80 characters.' }).default(''),
  email: email(),
  password,
});
export type SetupInput = z.input<typeof setupSchema>;
