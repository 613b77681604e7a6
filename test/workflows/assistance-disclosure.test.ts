/**
 * The objection period of a published disclosure (附件2 "公示期为三个月") on the time-skipping server:
 * the durable timer closes it at the end of its last day and tells the reviewers of the objections
 * still unanswered.
 */
import { randomUUID } from 'node:crypto';
import { objectionPeriodEnd } from '../../domain/assistance-disclosure';
import { endOfShanghaiDay, shanghaiDate } from '../../domain/dates';
import { disclosureObjectionPeriod, disclosureWorkflowId } from '../../workflows/assistance-disclosure';
import { testPrisma } from '../support/env';
import { useTimeSkipping } from '../support/time-skipping';

const prisma = testPrisma();
const taskQueue = 'assistance-disclosure-time-skipping';
const ts = useTimeSkipping(prisma, taskQueue);

test('three months after publication the period closes; the unanswered objection is reported', async () => {
  const publishedOn = shanghaiDate(await ts.env.currentTimeMs());
  const objectionUntil = objectionPeriodEnd(publishedOn);
  const id = `taishan:2024-Q${1 + Math.floor(Math.random() * 4)}:v${Math.floor(Math.random() * 9000) + 1000}`;
  await prisma.assistanceDisclosure.create({
    data: {
      id,
      agency: 'taishan',
      quarter: id.split(':')[1]!,
      version: Number(id.split(':v')[1]),
      status: 'published',
      periodFrom: '2024-01-01',
      periodTo: '2024-03-31',
      rows: [],
      totalOccasions: 0,
      totalFen: 0n,
      ledgerSpendingFen: 0n,
      builtBy: 'taishan.finance',
      builtAt: new Date(),
      publishedBy: 'taishan.approver',
      publishedAt: new Date(),
      publishedOn,
      objectionUntil,
    },
  });
  await prisma.disclosureObjection.create({
    data: {
      disclosureId: id,
      receivedOn: publishedOn,
      submitter: `市民-${randomUUID().slice(0, 4)}`,
      content: '人次有误',
      recordedBy: 'taishan.clerk',
      recordedAt: new Date(),
    },
  });
  const handle = await ts.env.client.workflow.start(disclosureObjectionPeriod, {
    workflowId: disclosureWorkflowId(id),
    taskQueue,
    args: [{ disclosureId: id, agency: 'taishan', objectionUntil }],
  });
  // the day before the end: still open
  await ts.env.sleep(endOfShanghaiDay(objectionUntil) - 86_400_000 - (await ts.env.currentTimeMs()));
  expect((await prisma.assistanceDisclosure.findUniqueOrThrow({ where: { id } })).objectionClosedAt).toBeNull();
  expect(await handle.result()).toEqual({ unanswered: 1 });
  const closed = await prisma.assistanceDisclosure.findUniqueOrThrow({ where: { id } });
  expect(closed.objectionClosedAt).not.toBeNull(); // (recorded at the activity's wall-clock time)
  expect(await ts.env.currentTimeMs()).toBeGreaterThanOrEqual(endOfShanghaiDay(objectionUntil));
  const told = await prisma.notification.findMany({ where: { caseId: disclosureWorkflowId(id) } });
  expect(told.map((n) => n.kind)).toContain('disclosure_objections_open');
});
