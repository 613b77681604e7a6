/**
 * Activities fail for good on what no retry can fix (a value the database refuses, an invalid
 * query, a refused domain rule): those become non-retryable ApplicationFailures the workflow sees
 * at once, instead of a retry loop that wedges the workflow (issue 13 §1). Everything else (the
 * database or network down, a unique-key race) stays retryable.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { DomainError } from '../domain/errors';

/** Prisma's codes for a request that is wrong in itself (value too long, invalid value, …). */
const PERMANENT_PRISMA_CODES = new Set(['P2000', 'P2005', 'P2006', 'P2007', 'P2009', 'P2011', 'P2012', 'P2019', 'P2020', 'P2023', 'P2033']);

/** SQLSTATEs found anywhere in the error's chain (Prisma's driver adapters nest the PostgreSQL one). */
function sqlStates(e: unknown, depth = 0, out: string[] = []): string[] {
  if (!e || typeof e !== 'object' || depth > 4) return out;
  for (const [key, value] of Object.entries(e as Record<string, unknown>)) {
    if ((key === 'code' || key === 'originalCode') && typeof value === 'string' && /^[0-9A-Z]{5}$/.test(value)) out.push(value);
    else if (value && typeof value === 'object') sqlStates(value, depth + 1, out);
  }
  if ('cause' in (e as object)) sqlStates((e as { cause?: unknown }).cause, depth + 1, out);
  return out;
}

/** 22xxx data exceptions (NUL, invalid encoding, out of range), 23xxx integrity violations except
 * unique violations (23505: a concurrent writer, a retry finds its row), 42xxx invalid statements. */
function isPermanentSqlState(state: string): boolean {
  return state.startsWith('22') || (state.startsWith('23') && state !== '23505') || state.startsWith('42');
}

export function permanentFailure(e: unknown): ApplicationFailure | null {
  if (e instanceof ApplicationFailure) return null; // already decided by the activity
  if (e instanceof DomainError) {
    return ApplicationFailure.create({ type: e.code, message: e.message, details: [e.facts], nonRetryable: true });
  }
  const name = (e as { name?: string } | null)?.name ?? '';
  const code = (e as { code?: unknown } | null)?.code;
  const permanent =
    name === 'PrismaClientValidationError' ||
    (typeof code === 'string' && PERMANENT_PRISMA_CODES.has(code)) ||
    sqlStates(e).some(isPermanentSqlState);
  if (!permanent) return null;
  return ApplicationFailure.create({
    type: 'PERMANENT_ACTIVITY_FAILURE',
    nonRetryable: true,
    message: `无法保存（数据不被数据库接受，重试无效）：${e instanceof Error ? e.message.split('\n').slice(-1)[0] : String(e)}`,
  });
}

/** Wraps every activity so a permanent failure is reported as one. */
export function withPermanentFailures<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: never[]) => {
        try {
          return await fn(...args);
        } catch (e) {
          throw permanentFailure(e) ?? e;
        }
      },
    ]),
  ) as T;
}
