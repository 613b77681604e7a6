/**
 * Shapes shared by the response views of every process (domain/views/*): a page of a list, an audit
 * event, the signed-in user. The API declares them as its response schemas (api/responses.ts) and
 * the workbench derives its types from them with `z.infer` (web/src/api.ts), so neither mirrors the
 * other by hand.
 */
import { z } from 'zod';
import { actorSchema } from '../people';

/** A page of a list (`GET /cases` and the like). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(item) });
}

/** A page of a keyset-paged list (domain/keyset.ts): the offset page's fields and the cursor of the page after (null on the last). */
export function keysetPageOf<T extends z.ZodType>(item: T) {
  return pageOf(item).extend({ nextCursor: z.string().nullable() });
}

/** An audit event as every record's page shows it (api/history.ts). */
export const historyEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  actorName: z.string().nullable(),
  role: z.string(),
  office: z.string(),
  action: z.string(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

/** The signed-in user as `POST /auth/token` answers it. */
export const userViewSchema = actorSchema.extend({ displayName: z.string() });
export const tokenViewSchema = z.object({ token: z.string(), user: userViewSchema });
