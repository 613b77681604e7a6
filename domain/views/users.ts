/** A user account as the administrators' routes show it (api/routes/users.ts). */
import { z } from 'zod';
import { jurisdictionSchema, roleSchema } from '../people';

export const userAccountViewSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  jurisdiction: jurisdictionSchema,
  /** when the account was disabled: its log-in and every token issued before are refused */
  disabledAt: z.string().nullable(),
});
