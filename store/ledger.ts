/**
 * Posting to and reading from the fund's books. The code checks an entry before it is sent; the
 * database checks again (balance at commit, immutability, one posting per source: see the
 * fund_ledger migration), so nothing unbalanced or duplicated can land even from a bug.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { IsoDate } from '../domain/dates';
import { DomainError } from '../domain/errors';
import { type JournalEntryDraft, type PostingLike, type Side, checkBalanced } from '../domain/ledger';
import type { Jurisdiction } from '../domain/people';

type Db = Pick<PrismaClient, 'journalEntry' | 'journalLine'>;

/** Posts an entry once per source: a repeat of the same source returns the entry already posted. */
export async function postJournalEntry(
  prisma: PrismaClient,
  draft: JournalEntryDraft,
  postedBy: string,
  opts: { reversesId?: string } = {},
): Promise<{ entryId: string; duplicate: boolean }> {
  const check = checkBalanced(draft);
  if (!check.ok)
    throw new DomainError('VALIDATION_FAILED', `分录不平衡或不合规，未记账：${check.problems.join('；')}`, { problems: check.problems });
  const existing = await findBySource(prisma, draft);
  if (existing) return { entryId: existing, duplicate: true };
  try {
    const entry = await prisma.journalEntry.create({
      data: {
        agency: draft.agency,
        date: draft.date,
        memo: draft.memo,
        sourceKind: draft.source.kind,
        sourceKey: draft.source.key,
        postedBy,
        postedAt: new Date(),
        reversesId: opts.reversesId ? BigInt(opts.reversesId) : null,
        lines: { create: draft.lines.map((l) => ({ account: l.account, side: l.side, amountFen: BigInt(l.amountFen) })) },
      },
      select: { id: true },
    });
    return { entryId: String(entry.id), duplicate: false };
  } catch (e) {
    // A concurrent posting of the same source won the unique index: that entry is the answer.
    const raced = await findBySource(prisma, draft);
    if (raced) return { entryId: raced, duplicate: true };
    throw e;
  }
}

/**
 * Posts an entry inside the caller's transaction (a decision's recordEvent): a repeat of the same
 * source returns the entry already posted; the database checks balance at commit.
 */
export async function postJournalEntryInTransaction(
  tx: Prisma.TransactionClient,
  draft: JournalEntryDraft,
  postedBy: string,
  postedAt: Date,
): Promise<string> {
  const check = checkBalanced(draft);
  if (!check.ok)
    throw new DomainError('VALIDATION_FAILED', `分录不平衡或不合规，未记账：${check.problems.join('；')}`, { problems: check.problems });
  const existing = await findBySource(tx, draft);
  if (existing) return existing;
  const entry = await tx.journalEntry.create({
    data: {
      agency: draft.agency,
      date: draft.date,
      memo: draft.memo,
      sourceKind: draft.source.kind,
      sourceKey: draft.source.key,
      postedBy,
      postedAt,
      lines: { create: draft.lines.map((l) => ({ account: l.account, side: l.side, amountFen: BigInt(l.amountFen) })) },
    },
    select: { id: true },
  });
  return String(entry.id);
}

async function findBySource(prisma: Db, draft: JournalEntryDraft): Promise<string | null> {
  const found = await prisma.journalEntry.findUnique({
    where: { agency_sourceKind_sourceKey: { agency: draft.agency, sourceKind: draft.source.kind, sourceKey: draft.source.key } },
    select: { id: true },
  });
  return found ? String(found.id) : null;
}

export interface DatedPosting extends PostingLike {
  date: IsoDate;
  entryId: string;
}

/** One agency's posted lines, optionally within [from, to] by entry date, in posting order. */
export async function agencyPostings(
  prisma: Db,
  agency: Jurisdiction,
  range: { from?: IsoDate; to?: IsoDate } = {},
): Promise<DatedPosting[]> {
  const lines = await prisma.journalLine.findMany({
    where: { entry: { agency, date: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lte: range.to } : {}) } } },
    include: { entry: { select: { date: true } } },
    orderBy: [{ entry: { date: 'asc' } }, { entryId: 'asc' }, { id: 'asc' }],
  });
  return lines.map((l) => ({
    account: l.account,
    side: l.side as Side,
    amountFen: Number(l.amountFen),
    date: l.entry.date,
    entryId: String(l.entryId),
  }));
}
