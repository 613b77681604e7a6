/**
 * Year-end outreach (001 §22 "年度结束后，属地经办机构梳理汇总收入型医疗救助对象未在定点医疗机构
 * “一站式”直接结算的符合规定的医疗费用…及时通知救助对象申请"): after the year, each agency's
 * income-type recipients whose costs of the year were reimbursed manually in basic insurance (so not
 * settled one-stop) and who have not applied for assistance on them are listed, notified through
 * the notice outbox (in the same transaction as their outreach record) and tracked.
 */
import type { Logger } from 'pino';
import { benefitPeriod } from '../domain/assistance-recipient';
import { formatYuan } from '../domain/ledger';
import { type Jurisdiction, jurisdictions } from '../domain/people';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { issuingAgency } from '../documents/service-case-forms';
import { identitiesOf } from '../store/assistance-recipients';
import { writeNotice } from './notices';

export interface OutreachResult {
  agency: Jurisdiction;
  year: number;
  notified: number;
  notices: { noticeId: string; channels: string[] }[];
}

/** The people of one agency and year to tell (idempotent: a person already listed is not told twice). */
export async function yearEndOutreach(prisma: PrismaClient, agency: Jurisdiction, year: number): Promise<OutreachResult> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  // basic-insurance manual reimbursements completed for costs of the year, with no assistance claim on them yet (001 §13)
  const claims = await prisma.reimbursementClaim.findMany({
    where: {
      jurisdiction: agency,
      kind: { in: ['basic_outpatient', 'basic_inpatient'] },
      status: 'completed',
      acceptedOn: { gte: from, lte: to },
    },
    select: { id: true, claimNo: true, personKey: true, personName: true, decidedFen: true, claimedFen: true },
  });
  const followed = new Set(
    (
      await prisma.reimbursementClaim.findMany({
        where: { kind: 'assistance', basicClaimId: { in: claims.map((c) => c.id) } },
        select: { basicClaimId: true },
      })
    ).map((c) => c.basicClaimId),
  );
  const byPerson = new Map<string, typeof claims>();
  for (const c of claims.filter((c) => !followed.has(c.id))) byPerson.set(c.personKey, [...(byPerson.get(c.personKey) ?? []), c]);
  const result: OutreachResult = { agency, year, notified: 0, notices: [] };
  for (const [personKey, own] of byPerson) {
    // an income-type recipient of this agency at some time of the year (001 §22 names income-type only)
    const identities = (await identitiesOf(prisma, personKey, [agency])).filter((i) => {
      if (i.kind !== 'income') return false;
      const p = benefitPeriod(i);
      return p.from <= to && (p.to === null || p.to >= from);
    });
    if (identities.length === 0) continue;
    const id = `${agency}:${year}:${personKey}`;
    const totalFen = own.reduce((s, c) => s + Number(c.decidedFen ?? c.claimedFen), 0);
    const written = await prisma.$transaction(async (tx: Prisma.TransactionClient) => {
      if (await tx.assistanceOutreach.findUnique({ where: { id } })) return null;
      const notice = await writeNotice(tx, {
        sourceKey: `assistance-outreach:${id}`,
        personKey,
        jurisdiction: agency,
        caseId: `assistance-outreach:${id}`,
        template: 'assistance.year_end_outreach',
        params: {
          name: own[0]!.personName,
          year: String(year),
          count: String(own.length),
          total: formatYuan(totalFen),
          office: issuingAgency(agency),
        },
      });
      await tx.assistanceOutreach.create({
        data: {
          id,
          agency,
          year,
          personKey,
          personName: own[0]!.personName,
          claims: own.map((c) => ({ claimId: c.id, claimNo: c.claimNo, amountFen: Number(c.decidedFen ?? c.claimedFen) })),
          totalFen: BigInt(totalFen),
          status: 'notified',
          noticeId: BigInt(notice.noticeId),
          notifiedAt: new Date(),
        },
      });
      return notice;
    });
    if (written) {
      result.notified++;
      result.notices.push(written);
    }
  }
  return result;
}

export function createAssistanceOutreachActivities(deps: { prisma: PrismaClient; logger: Logger }) {
  const { prisma, logger } = deps;
  return {
    async runYearEndOutreach(q: { year: number }): Promise<OutreachResult[]> {
      const out: OutreachResult[] = [];
      for (const agency of jurisdictions) {
        const r = await yearEndOutreach(prisma, agency, q.year);
        if (r.notified) logger.info({ agency, year: q.year, notified: r.notified }, 'year-end assistance outreach');
        out.push(r);
      }
      return out;
    },
  };
}
