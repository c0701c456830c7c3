import { z } from 'zod';
import { ROLES } from '../../catalog/roles.ts';
import { plainText } from '../input/plain-text.ts';
import { MIN_PASSWORD_LENGTH } from './passwords.ts';

export const username = z
  .string({ error: 'must be text' })
  .regex(/^[a-z0-9][a-z0-9_.-]{1,39}$/, 'must be 2 to 40 lower-case letters, digits, "_", "." or "-"');

export const password = plainText(
  z
    .string({ error: 'must be text' })
    .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(200, 'must be at most 200 characters'),
);

export const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

export const displayName = plainText(z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(60));

export const newUser = z.strictObject({ username, display_name: displayName, role, password });

export const userChanges = z
  .strictObject({ display_name: displayName, role, password, active: z.boolean({ error: 'must be true or false' }) })
  .partial()
  .refine(
    (changes) => Object.keys(changes).length > 0,
    'must change at least one of display_name, role, password, active',
  );

export const credentials = z.strictObject({
  username: plainText(z.string({ error: 'must be text' }).max(40)),
  password: z.string({ error: 'must be text' }).max(200),
});
