/**
 * A value the database can never hold (a NUL in a name) makes the record-event activity fail for
 * good, at once, instead of retrying forever (issue 13 §1); a transient failure stays retryable.
 */
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../activities';
import { permanentFailure } from '../../activities/permanent-failures';
import { serviceCatalogue } from '../../domain/catalogue-data';
import { initialState, serviceCaseId, serviceItemRef } from '../../domain/service-case';
import { testLogger, testPrisma } from '../support/env';

const prisma = testPrisma();
afterAll(() => prisma.$disconnect());

test('a NUL that reached the record-event activity fails it as non-retryable, and nothing is written', async () => {
  const activities = createActivities({ prisma, logger: testLogger });
  const item = serviceCatalogue.find((i) => i.code === '442189208003')!;
  const clerk = { username: 'taishan.clerk', role: 'window_clerk' as const, jurisdiction: 'taishan' as const };
  const caseId = serviceCaseId(item.code, `NUL-${Date.now()}`);
  const state = {
    ...initialState(
      {
        caseId,
        applicationNo: caseId.split(':')[2]!,
        item: serviceItemRef(item, 'counter'),
        jurisdiction: 'taishan',
        channel: 'counter',
        applicant: { name: '陈\u0000一', idNumber: '44078119600101123X' },
        createdBy: clerk,
      },
      Date.now(),
    ),
    version: 1,
  };
  const failure = await activities
    .recordEvent({
      process: 'service_case',
      state,
      event: { seq: 1, at: new Date().toISOString(), actor: clerk, action: 'applied', before: null },
    })
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({ nonRetryable: true, type: 'PERMANENT_ACTIVITY_FAILURE' });
  expect(await prisma.serviceCase.findUnique({ where: { id: caseId } })).toBeNull();
  expect(await prisma.auditEvent.count({ where: { caseId } })).toBe(0);
});

test('a connection refused or a unique-key race stays retryable', () => {
  expect(permanentFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeNull();
  expect(permanentFailure(Object.assign(new Error('duplicate key'), { cause: { originalCode: '23505' } }))).toBeNull();
  expect(permanentFailure(Object.assign(new Error('not null'), { cause: { originalCode: '23502' } }))?.nonRetryable).toBe(true);
});
