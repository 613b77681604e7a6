/**
 * The service-case workflow on Temporal's time-skipping test server, with its real activities
 * writing to the real PostgreSQL of the suite: a 5-working-day limit takes well under a second.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { serviceCatalogue } from '../../domain/catalogue-data';
import type { ServiceCaseState } from '../../domain/service-case';
import type { Actor } from '../../domain/people';
import { actUpdate, caseStateQuery } from '../../workflows/service-case';
import { PATCH_BASELINE } from '../../workflows/patches';
import { patchMarkerIds } from '../support/patches';
import { openServiceCase } from '../support/cases';
import { testPrisma } from '../support/env';
import { useTimeSkipping } from '../support/time-skipping';

const prisma = testPrisma();
const taskQueue = 'service-case-time-skipping';
const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };
const reviewer: Actor = { username: 'taishan.reviewer', role: 'reviewer', jurisdiction: 'taishan' };
const approver: Actor = { username: 'taishan.approver', role: 'approver', jurisdiction: 'taishan' };
// 职工医保退休待遇核定: 申请-受理-审核-办结, 5 working days
const retirementItem = serviceCatalogue.find((i) => i.code === '442189209003')!;

const ts = useTimeSkipping(prisma, taskQueue);

const startCase = () => openServiceCase(ts.env.client, taskQueue, retirementItem, clerk);

test('a case accepted and left alone breaches exactly at its deadline and is escalated to the supervisor', async () => {
  const { handle, caseId } = await startCase();
  const accepted = await handle.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: clerk }] });
  expect(accepted.deadline).toMatchObject({ workingDays: 5, receivedOn: accepted.acceptedOn });

  const dueAtMs = accepted.deadline!.dueAtMs;
  // One minute before the deadline: reminded, not breached.
  await ts.env.sleep(dueAtMs - (await ts.env.currentTimeMs()) - 60_000);
  const justBefore: ServiceCaseState = await handle.query(caseStateQuery);
  expect(justBefore.remindedAt).not.toBeNull();
  expect(justBefore.breachedAt).toBeNull();
  // One minute after: breached at the deadline, still open for the clerk to finish.
  await ts.env.sleep(120_000);
  const state: ServiceCaseState = await handle.query(caseStateQuery);
  expect(state.status).toBe('open');
  expect(state.breachedAt).toBe(new Date(dueAtMs).toISOString());

  const row = await prisma.serviceCase.findUniqueOrThrow({ where: { id: caseId } });
  const events = await prisma.auditEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
  expect(row.breachedAt?.toISOString()).toBe(state.breachedAt);
  expect(events.map((e) => e.action)).toEqual(['applied', 'accept', 'deadline_reminder', 'deadline_breached']);
  const breach = events[3]!;
  expect(breach).toMatchObject({ actor: 'system', office: 'taishan' });
  const notes = await prisma.notification.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
  expect(
    notes
      .filter((n) => n.kind === 'deadline_breached')
      .map((n) => n.recipient)
      .sort(),
  ).toEqual(['taishan.clerk', 'taishan.supervisor']);
  expect(notes.filter((n) => n.kind === 'deadline_reminder').map((n) => n.recipient)).toEqual(['taishan.clerk']);
  // Written with the event that causes it, in its transaction (issue 19: one activity per breach, not two).
  const breachNotes = notes.filter((n) => n.kind === 'deadline_breached').map((n) => n.createdAt.toISOString());
  expect(new Set(breachNotes)).toEqual(new Set([breach.at.toISOString()]));
  const history = await handle.fetchHistory();
  const activities = history.events!.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
  expect(activities).not.toContain('notify');
});

test('a case completed in time does not breach', async () => {
  const { handle, caseId } = await startCase();
  await handle.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: clerk }] });
  await ts.env.sleep('1 day');
  await handle.executeUpdate(actUpdate, { args: [{ action: 'review', actor: reviewer }] });
  await handle.executeUpdate(actUpdate, { args: [{ action: 'complete', actor: approver }] });
  const result = await handle.result();
  expect(result).toMatchObject({ status: 'completed', breachedAt: null, pendingStep: null });
  expect(result.completedSteps.map((s) => s.step)).toEqual(['apply', 'accept', 'review', 'complete']);
  await ts.env.sleep('30 days');
  const row = await prisma.serviceCase.findUniqueOrThrow({ where: { id: caseId } });
  expect(row).toMatchObject({ status: 'completed', breachedAt: null });
  expect((await prisma.auditEvent.findMany({ where: { caseId } })).map((e) => e.action)).not.toContain('deadline_breached');
  expect(await prisma.notification.count({ where: { caseId, kind: 'deadline_breached' } })).toBe(0);
  // Every patch the run asked for is in force through the baseline's one marker (workflows/patches.ts).
  const events = (await handle.fetchHistory()).events!;
  expect(patchMarkerIds(events)).toEqual([PATCH_BASELINE]);
  expect(events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes)).toHaveLength(1);
});

test('a rejected step cannot be approved, and a rejection needs a reason', async () => {
  const { handle, caseId } = await startCase();
  await handle.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: clerk }] });
  // A rejection without its reason does not parse: the validator refuses it before it enters the history.
  await expect(handle.executeUpdate(actUpdate, { args: [{ action: 'reject', actor: reviewer } as never] })).rejects.toMatchObject({
    cause: { type: 'VALIDATION_FAILED' },
  });
  const rejected = await handle.executeUpdate(actUpdate, {
    args: [{ action: 'reject', actor: reviewer, reason: '缺少退休审批表', returnedMaterials: ['身份证复印件'] }],
  });
  expect(rejected).toMatchObject({
    status: 'rejected',
    rejection: { step: 'review', reason: '缺少退休审批表', returnedMaterials: ['身份证复印件'] },
  });

  // The case is closed: its workflow has ended, so nothing can act on it any more (the API answers 409).
  const result = await handle.result();
  expect(result.status).toBe('rejected');
  for (const cmd of [
    { action: 'review' as const, actor: reviewer },
    { action: 'complete' as const, actor: approver },
  ]) {
    await expect(handle.executeUpdate(actUpdate, { args: [cmd] })).rejects.toBeInstanceOf(WorkflowNotFoundError);
  }
  const events = await prisma.auditEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
  expect(events.map((e) => [e.action, e.actor, e.reason])).toEqual([
    ['applied', 'taishan.clerk', null],
    ['accept', 'taishan.clerk', null],
    ['reject', 'taishan.reviewer', '缺少退休审批表'],
  ]);
});

test('wrong step, wrong role and wrong jurisdiction are refused and change nothing', async () => {
  const { handle } = await startCase();
  const before = await handle.query(caseStateQuery);
  const refusals: [object, string][] = [
    [{ action: 'review', actor: reviewer }, 'CASE_WRONG_STATE'],
    [{ action: 'accept', actor: reviewer }, 'ROLE_NOT_ALLOWED'],
    [{ action: 'accept', actor: { ...clerk, username: 'kaiping.clerk', jurisdiction: 'kaiping' } }, 'OUT_OF_JURISDICTION'],
    [{ action: 'disburse', actor: clerk, amountFen: 100 }, 'CASE_WRONG_STATE'],
    [{ action: 'disburse', actor: clerk }, 'VALIDATION_FAILED'], // a disbursement names its amount
  ];
  for (const [cmd, type] of refusals) {
    await expect(handle.executeUpdate(actUpdate, { args: [cmd as never] })).rejects.toMatchObject({ cause: { type } });
  }
  await handle.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: clerk }] });
  await expect(handle.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: clerk }] })).rejects.toMatchObject({
    cause: { type: 'STEP_ALREADY_DONE' },
  });
  expect(before.version).toBe(1);
  expect((await handle.query(caseStateQuery)).version).toBe(2);
});

// 异地安置退休人员备案: immediate at the counter, ≤ 2 working days online (000 §29)
const remoteCareItem = serviceCatalogue.find((i) => i.code === '442189210001')!;
const hospital: Actor = { username: 'taishan.hospital', role: 'institution', jurisdiction: 'taishan' };

test('an online filing nobody accepts is reminded and breached 2 working days after receipt', async () => {
  const { handle, caseId } = await openServiceCase(ts.env.client, taskQueue, remoteCareItem, hospital, 'online');
  const opened: ServiceCaseState = await handle.query(caseStateQuery);
  expect(opened).toMatchObject({ status: 'open', pendingStep: 'accept', acceptedOn: null });
  expect(opened.deadline).toMatchObject({ workingDays: 2, receivedOn: expect.any(String) });
  const dueAtMs = opened.deadline!.dueAtMs;

  await ts.env.sleep(dueAtMs - (await ts.env.currentTimeMs()) - 60_000);
  expect(await handle.query(caseStateQuery)).toMatchObject({ breachedAt: null, remindedAt: expect.any(String) });
  await ts.env.sleep(120_000);
  expect((await handle.query(caseStateQuery)).breachedAt).toBe(new Date(dueAtMs).toISOString());

  const events = await prisma.auditEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
  expect(events.map((e) => e.action)).toEqual(['applied', 'deadline_reminder', 'deadline_breached']);
  const notes = await prisma.notification.findMany({ where: { caseId } });
  // nobody carries the case yet: the counter clerks of the county are reminded
  expect(notes.filter((n) => n.kind === 'deadline_reminder').map((n) => n.recipient)).toContain('taishan.clerk');
  expect(notes.filter((n) => n.kind === 'deadline_breached').map((n) => n.recipient)).toContain('taishan.supervisor');
  // accepting it late does not restart the clock
  const accepted = await handle.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: clerk }] });
  expect(accepted.deadline!.dueAtMs).toBe(dueAtMs);
});

test('退回补正 stops the clock while the applicant corrects, and resumes with the days left', async () => {
  const { handle, caseId } = await startCase();
  const accepted = await handle.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: clerk }] });
  const sentBack = await handle.executeUpdate(actUpdate, {
    args: [{ action: 'request_correction', actor: reviewer, missingMaterials: ['退休审批表原件'], reason: '材料不全', note: '已当面告知' }],
  });
  expect(sentBack).toMatchObject({ status: 'open', pendingStep: 'review', deadline: null });
  // Far past the original deadline while the materials are with the applicant: no reminder, no breach.
  await ts.env.sleep('30 days');
  const waiting: ServiceCaseState = await handle.query(caseStateQuery);
  expect(waiting).toMatchObject({ status: 'open', remindedAt: null, breachedAt: null });
  await expect(handle.executeUpdate(actUpdate, { args: [{ action: 'review', actor: reviewer }] })).rejects.toMatchObject({
    cause: { type: 'CASE_AWAITING_CORRECTION' },
  });

  const resumed = await handle.executeUpdate(actUpdate, { args: [{ action: 'resubmit', actor: clerk, note: '补交审批表原件' }] });
  expect(resumed.correction).toBeNull();
  // accepted and sent back the same day: all 5 working days are left, counted from the resubmission
  expect(resumed.deadline).toMatchObject({ workingDays: accepted.deadline!.workingDays, receivedOn: expect.any(String) });
  expect(resumed.deadline!.receivedOn > accepted.deadline!.receivedOn).toBe(true);
  await handle.executeUpdate(actUpdate, { args: [{ action: 'review', actor: reviewer }] });
  await handle.executeUpdate(actUpdate, { args: [{ action: 'complete', actor: approver }] });
  expect((await handle.result()).status).toBe('completed');

  const events = await prisma.auditEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
  expect(events.map((e) => [e.action, e.reason, e.note])).toEqual([
    ['applied', null, null],
    ['accept', null, null],
    ['request_correction', '材料不全', '已当面告知'],
    ['resubmit', null, '补交审批表原件'],
    ['review', null, null],
    ['complete', null, null],
  ]);
});
