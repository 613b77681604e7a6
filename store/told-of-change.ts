/**
 * Which running workflows a change must reach, page by page (by ID): the open records of every
 * working-day process whose counting window reaches into a corrected calendar year, or the running
 * certifications when the notice offsets change. The API counts them for its answer; the telling
 * itself (workflows/change-broadcast.ts) goes through them in pages.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client';

/** A change that running workflows must hear of. */
export type Change = { kind: 'calendar'; year: number } | { kind: 'notice_offsets' };

export interface Page {
  /** the last ID of the page before, or null for the first */
  after: string | null;
  take: number;
}

interface IdModel {
  findMany(args: { where: object; orderBy: { id: 'asc' }; take: number; select: { id: true } }): Promise<{ id: string }[]>;
  count(args: { where: object }): Promise<number>;
}

/** One group of records: its table and which of its rows hear of the change. */
interface Audience {
  model: (prisma: PrismaClient) => IdModel;
  where: object;
}

/**
 * Per process with a working-day clock (domain/processes.ts): its open records whose counting
 * window reaches into `year`. A test checks that every such process of the registry has one.
 */
export const calendarAffected: Record<
  'service_case' | 'care_episode' | 'fund_request' | 'remote_care' | 'subsidised_enrolment' | 'reimbursement',
  (year: number) => Audience
> = {
  // counted from acceptance, or (online cases, resubmissions) from the day in dueFrom
  service_case: (year) => ({
    model: (p) => p.serviceCase,
    where: {
      status: 'open',
      dueDate: { gte: `${year}-01-01` },
      OR: [{ acceptedOn: { lte: `${year}-12-31` } }, { dueFrom: { lte: `${year}-12-31` } }],
    } satisfies Prisma.ServiceCaseWhereInput,
  }),
  care_episode: (year) => ({
    model: (p) => p.careEpisode,
    where: {
      status: { in: ['under_review', 'panel_review'] },
      reviewDueDate: { gte: `${year}-01-01` },
      applicationDate: { lte: `${year}-12-31` },
    } satisfies Prisma.CareEpisodeWhereInput,
  }),
  // the approval limit from submission, or a turnover request's last day (the 18th, moved by art. 203)
  fund_request: (year) => ({
    model: (p) => p.fundRequest,
    where: {
      status: { not: 'approved' },
      OR: [
        { kind: 'turnover', period: { startsWith: `${year}-` } },
        { status: 'submitted', submittedOn: { gte: `${year - 1}-12-01`, lte: `${year}-12-31` } },
      ],
    } satisfies Prisma.FundRequestWhereInput,
  }),
  // online filings under review: 2 working days from receipt (000 §29)
  remote_care: (year) => ({
    model: (p) => p.remoteCareFiling,
    where: {
      status: 'under_review',
      dueDate: { gte: `${year}-01-01` },
      receivedOn: { lte: `${year}-12-31` },
    } satisfies Prisma.RemoteCareFilingWhereInput,
  }),
  // subsidised enrolments not yet registered: 2 working days from receipt (001 §5)
  subsidised_enrolment: (year) => ({
    model: (p) => p.subsidisedEnrolment,
    where: {
      status: { in: ['checking', 'awaiting_choice', 'awaiting_employee_rule'] },
      dueDate: { gte: `${year}-01-01` },
      receivedOn: { lte: `${year}-12-31` },
    } satisfies Prisma.SubsidisedEnrolmentWhereInput,
  }),
  // open claims: 30 working days from acceptance (004 items 27, 28, 35)
  reimbursement: (year) => ({
    model: (p) => p.reimbursementClaim,
    where: {
      status: 'open',
      dueDate: { gte: `${year}-01-01` },
      acceptedOn: { lte: `${year}-12-31` },
    } satisfies Prisma.ReimbursementClaimWhereInput,
  }),
};

/** The groups a change reaches, in a fixed order (a cursor names a group by its place). */
export function audiencesOf(change: Change): Audience[] {
  if (change.kind === 'calendar') return Object.values(calendarAffected).map((of) => of(change.year));
  return [{ model: (p) => p.certification, where: { status: { in: ['active', 'suspended'] } } satisfies Prisma.CertificationWhereInput }];
}

/** How many running workflows the change reaches now (the API's answer; the telling may find a few more or fewer). */
export async function countTold(prisma: PrismaClient, change: Change): Promise<number> {
  const counts = await Promise.all(audiencesOf(change).map((a) => a.model(prisma).count({ where: a.where })));
  return counts.reduce((a, b) => a + b, 0);
}

/** One page of a group's workflow IDs, in ID order. */
export async function idsOf(prisma: PrismaClient, audience: Audience, page: Page): Promise<string[]> {
  const rows = await audience.model(prisma).findMany({
    where: page.after === null ? audience.where : { AND: [audience.where, { id: { gt: page.after } }] },
    orderBy: { id: 'asc' },
    take: page.take,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
