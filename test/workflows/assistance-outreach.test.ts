/**
 * Year-end outreach (001 §22) on the time-skipping server with real activities and PostgreSQL: the
 * tick lists the income-type recipients whose costs of the year were reimbursed manually (not
 * settled one-stop) and not yet claimed from assistance, writes each one notice, and tells nobody
 * twice. (The Java time-skipping server does not run Schedules: the tick is started directly.)
 */
import { randomUUID } from 'node:crypto';
import { personKeyOf } from '../../api/routes/care';
import type { Actor } from '../../domain/people';
import type { ClaimKind } from '../../domain/reimbursement';
import { pushIdentities } from '../../store/assistance-recipients';
import { assistanceYearEndTick } from '../../workflows/assistance-outreach';
import { newIdNumber } from '../support/care';
import { testPrisma } from '../support/env';
import { claimRow } from '../support/reimbursement';
import { useTimeSkipping } from '../support/time-skipping';

const prisma = testPrisma();
const taskQueue = 'assistance-outreach-time-skipping';
const ts = useTimeSkipping(prisma, taskQueue);
const clerk: Actor = { username: 'kaiping.clerk', role: 'window_clerk', jurisdiction: 'kaiping' };
const year = 2024; // a year no other test's claims use

async function recipient(category: 'minimum_living' | 'expense_type_illness') {
  const idNumber = newIdNumber();
  const personKey = personKeyOf(idNumber);
  await pushIdentities(
    prisma,
    'kaiping',
    [
      {
        personKey,
        push: {
          person: { name: '谭某', idNumber },
          category,
          recognizedOn: `${year}-02-01`,
          terminatedOn: null,
          department: 'civil_affairs',
        },
        source: 'api',
      },
    ],
    clerk,
  );
  return { idNumber, personKey };
}

async function claim(p: { idNumber: string; personKey: string }, kind: ClaimKind, basicClaimId: string | null = null) {
  const id = `reimbursement:${p.personKey}:${randomUUID().slice(0, 8)}`;
  await prisma.reimbursementClaim.create({
    data: claimRow({
      id,
      claimNo: id.slice(-8),
      kind,
      personKey: p.personKey,
      personName: '谭某',
      idNumber: p.idNumber,
      jurisdiction: 'kaiping',
      status: 'completed',
      acceptedOn: `${year}-06-10`,
      claimedFen: 150_000n,
      decidedFen: 120_000n,
      ...(basicClaimId ? { basicClaimId } : {}),
      createdBy: 'kaiping.clerk',
    }),
  });
  return id;
}

test('the income-type recipient with an unclaimed manual reimbursement is told once; others are not', async () => {
  const toTell = await recipient('minimum_living');
  const expenseType = await recipient('expense_type_illness'); // 001 §22 names income-type recipients
  const alreadyApplied = await recipient('minimum_living');
  const notRecipient = { idNumber: newIdNumber(), personKey: '' };
  notRecipient.personKey = personKeyOf(notRecipient.idNumber);
  await claim(toTell, 'basic_inpatient');
  await claim(toTell, 'basic_outpatient');
  await claim(expenseType, 'basic_inpatient');
  await claim(alreadyApplied, 'assistance', await claim(alreadyApplied, 'basic_inpatient'));
  await claim(notRecipient, 'basic_inpatient');

  const first = await ts.env.client.workflow.execute(assistanceYearEndTick, {
    workflowId: `outreach-${randomUUID()}`,
    taskQueue,
    args: [{ year }],
  });
  expect(first.year).toBe(year);
  const rows = await prisma.assistanceOutreach.findMany({
    where: { personKey: { in: [toTell, expenseType, alreadyApplied, notRecipient].map((p) => p.personKey) } },
  });
  expect(rows.map((r) => [r.personKey, r.status, Number(r.totalFen), (r.claims as unknown[]).length])).toEqual([
    [toTell.personKey, 'notified', 240_000, 2],
  ]);
  const notice = await prisma.notice.findUniqueOrThrow({ where: { id: rows[0]!.noticeId! } });
  expect(notice.template).toBe('assistance.year_end_outreach');
  expect(notice.body).toContain('2笔');
  expect(notice.body).toContain('合计2400.00元');
  const clerks = await prisma.notification.findMany({ where: { caseId: `assistance-outreach:kaiping:${year}` } });
  expect(clerks.length).toBeGreaterThan(0);

  // the next day's tick tells nobody again
  const second = await ts.env.client.workflow.execute(assistanceYearEndTick, {
    workflowId: `outreach-${randomUUID()}`,
    taskQueue,
    args: [{ year }],
  });
  expect(second.notified).toBe(0);
  expect(await prisma.notice.count({ where: { sourceKey: `assistance-outreach:kaiping:${year}:${toTell.personKey}` } })).toBe(1);
});
