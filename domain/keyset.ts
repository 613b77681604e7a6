/**
 * Keyset pages for the workbench's lists (issue 18 "every list in the workbench pages through the
 * server"): a page ends with an opaque cursor holding the sort key of its last row, and the next
 * page is the rows after that key. Unlike an offset, a row added or removed meanwhile neither
 * repeats nor skips a row, and a deep page costs what the first does. GET /tasks has its own cursor
 * (domain/tasks.ts, a nullable due date); the lists here sort on keys that are never null.
 */
import { z } from 'zod';
import { DomainError } from './errors';

/** The query field: the `nextCursor` of the page before. */
export const cursorSchema = z.string().min(1).max(400).optional();

/** The shape of a keyset page lives with the other views (the workbench derives its types from it). */
export { keysetPageOf } from './views/common';

export function encodeKeyset(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * The key a client sent back, checked part by part against `shape` (one pattern per sort column);
 * a cursor this service did not write is refused with 400 like any bad field, and nothing is read.
 */
export function decodeKeyset(cursor: string, shape: readonly RegExp[]): string[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (
    !Array.isArray(key) ||
    key.length !== shape.length ||
    !key.every((v, i) => typeof v === 'string' && v.length <= 200 && shape[i]!.test(v))
  ) {
    throw new DomainError('VALIDATION_FAILED', '翻页位置无效，请从第一页重新查询', { issues: [{ path: 'cursor', message: '无效' }] });
  }
  return key as string[];
}

/** A key of an instant (ISO, as `toISOString` writes it) and an id matching `idShape`. */
export function decodeInstantKeyset(cursor: string, idShape: RegExp): { at: Date; id: string } {
  const [iso, id] = decodeKeyset(cursor, [/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, idShape]) as [string, string];
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== iso) {
    throw new DomainError('VALIDATION_FAILED', '翻页位置无效，请从第一页重新查询', { issues: [{ path: 'cursor', message: '无效' }] });
  }
  return { at, id };
}

/** `page` counts from 1 without a cursor; with one, the cursor says where the page starts. */
export function refuseCursorWithPage(q: { cursor?: string; page: number }): void {
  if (q.cursor && q.page !== 1) {
    throw new DomainError('VALIDATION_FAILED', '翻页位置与页码不能同时指定', { issues: [{ path: 'page', message: '与 cursor 冲突' }] });
  }
}

/**
 * The key of a queue sorted by its due date (null — no deadline yet — last, as PostgreSQL sorts
 * nulls in ascending order), then a calendar date, then the id: remote-care filings and
 * reimbursement claims. A null due date travels as ''.
 */
export interface DueKey {
  due: string | null;
  on: string;
  id: string;
}

export function encodeDueKey(key: DueKey): string {
  return encodeKeyset([key.due ?? '', key.on, key.id]);
}

export function decodeDueKey(cursor: string, idShape: RegExp): DueKey {
  const [due, on, id] = decodeKeyset(cursor, [/^(\d{4}-\d{2}-\d{2})?$/, /^\d{4}-\d{2}-\d{2}$/, idShape]) as [string, string, string];
  return { due: due === '' ? null : due, on, id };
}

/** The rows after `after` in (due asc nulls last, on, id) order, as a Prisma where of the model's fields. */
export function afterDueKey<W>(after: DueKey, dueField: string, onField: string): W {
  const tail = { OR: [{ [onField]: { gt: after.on } }, { [onField]: after.on, id: { gt: after.id } }] };
  if (after.due === null) return { AND: [{ [dueField]: null }, tail] } as W;
  return { OR: [{ [dueField]: { gt: after.due } }, { AND: [{ [dueField]: after.due }, tail] }, { [dueField]: null }] } as W;
}

/**
 * The answer of a keyset-paged list from the `pageSize + 1` rows it read (the extra row says whether
 * a next page exists): the page's items as views, and the cursor after its last row, null on the last.
 */
export function keysetAnswer<R, V>(
  rows: readonly R[],
  q: { page: number; pageSize: number },
  total: number,
  view: (row: R) => V,
  cursorAfter: (last: R) => string,
): { total: number; page: number; pageSize: number; items: V[]; nextCursor: string | null } {
  const items = rows.slice(0, q.pageSize);
  const last = items.at(-1);
  return {
    total,
    page: q.page,
    pageSize: q.pageSize,
    items: items.map(view),
    nextCursor: rows.length > q.pageSize && last !== undefined ? cursorAfter(last) : null,
  };
}
