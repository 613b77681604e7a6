/**
 * Issue 11 §2: an audit/read-model write is idempotent for the same event only. The same event
 * recorded again (a retry) answers as the first time and writes nothing more; a different event
 * under a sequence number already used fails loudly (non-retryable EVENT_SEQUENCE_CONFLICT) and
 * changes nothing, never a silent skip. The record-event activity against the real database.
 */
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../activities';
import { serviceCatalogue } from '../../domain/catalogue-data';
import { initialState, serviceCaseId, serviceItemRef } from '../../domain/service-case';
import { newIdNumber } from '../support/care';
import { testLogger, testPrisma } from '../support/env';

const prisma = testPrisma();
afterAll(() => prisma.$disconnect());

test('the same event twice is one row; another event under a used sequence number is refused loudly', async () => {
  const activities = createActivities({ prisma, logger: testLogger });
  const item = serviceCatalogue.find((i) => i.code === '442189208003')!;
  const clerk = { username: 'taishan.clerk', role: 'window_clerk' as const, jurisdiction: 'taishan' as const };
  const caseId = serviceCaseId(item.code, `SEQ-${Date.now()}`);
  const opened = {
    ...initialState(
      {
        caseId,
        applicationNo: caseId.split(':')[2]!,
        item: serviceItemRef(item, 'counter'),
        jurisdiction: 'taishan',
        channel: 'counter',
        applicant: { name: '陈一', idNumber: newIdNumber() },
        createdBy: clerk,
      },
      Date.now(),
    ),
    version: 1,
  };
  const event = { seq: 1, at: new Date().toISOString(), actor: clerk, action: 'applied', before: null };
  const first = await activities.recordEvent({ process: 'service_case', state: opened, event });
  const again = await activities.recordEvent({ process: 'service_case', state: opened, event });
  expect(again).toEqual(first);
  expect(await prisma.auditEvent.count({ where: { caseId } })).toBe(1);
  const row = await prisma.serviceCase.findUniqueOrThrow({ where: { id: caseId } });

  // Another event (another action, another state) under seq 1: a fork of the history, not a retry.
  const forked = { ...opened, status: 'withdrawn' as const, version: 2 };
  const failure = await activities.recordEvent({ process: 'service_case', state: forked, event: { ...event, action: 'withdraw' } }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({ type: 'EVENT_SEQUENCE_CONFLICT', nonRetryable: true });
  expect((failure as Error).message).toContain('applied');
  // The same action with other content is a different event too.
  const otherContent = await activities
    .recordEvent({ process: 'service_case', state: opened, event: { ...event, reason: '另一事件' } })
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(otherContent).toMatchObject({ type: 'EVENT_SEQUENCE_CONFLICT', nonRetryable: true });
  expect(await prisma.auditEvent.findMany({ where: { caseId }, select: { seq: true, action: true } })).toEqual([
    { seq: 1, action: 'applied' },
  ]);
  expect(await prisma.serviceCase.findUniqueOrThrow({ where: { id: caseId } })).toEqual(row);
});
