/**
 * Reimbursement claims on the time-skipping server with real activities and PostgreSQL: the 30
 * working days from acceptance (004 items 27, 28, 35) through the shared deadline watcher — a
 * minute before the limit reminded and not breached, at the limit breached and escalated to the
 * county's supervisors — and a claim finished in time is never breached.
 */
import { shanghaiDate } from '../../domain/dates';
import type { Actor } from '../../domain/people';
import { claimActUpdate, claimOpenedUpdate, claimStateQuery, reimbursementClaim } from '../../workflows/reimbursement-claim';
import { testPrisma } from '../support/env';
import { basicInpatientClaim } from '../support/reimbursement';
import { useTimeSkipping } from '../support/time-skipping';

const prisma = testPrisma();
const taskQueue = 'reimbursement-time-skipping';
const ts = useTimeSkipping(prisma, taskQueue);
const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };
const reviewer: Actor = { ...clerk, username: 'taishan.reviewer', role: 'reviewer' };
const finance: Actor = { ...clerk, username: 'taishan.finance', role: 'finance' };
const approver: Actor = { ...clerk, username: 'taishan.approver', role: 'approver' };

async function accept() {
  const state = basicInpatientClaim(shanghaiDate(await ts.env.currentTimeMs()), clerk);
  const handle = await ts.env.client.workflow.start(reimbursementClaim, { workflowId: state.claimId, taskQueue, args: [{ state }] });
  const opened = await handle.executeUpdate(claimOpenedUpdate);
  return { handle, opened, id: state.claimId };
}

test('30 working days from acceptance: reminded before, breached exactly at the limit and escalated', async () => {
  const { handle, opened, id } = await accept();
  expect(opened.deadline).toMatchObject({ workingDays: 30, receivedOn: opened.acceptedOn });
  const dueAtMs = opened.deadline!.dueAtMs;
  await ts.env.sleep(dueAtMs - (await ts.env.currentTimeMs()) - 60_000);
  expect(await handle.query(claimStateQuery)).toMatchObject({ breachedAt: null, remindedAt: expect.any(String) });
  await ts.env.sleep(120_000);
  expect((await handle.query(claimStateQuery)).breachedAt).toBe(new Date(dueAtMs).toISOString());

  const events = await prisma.auditEvent.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } });
  expect(events.map((e) => [e.action, e.actor])).toEqual([
    ['accepted', 'taishan.clerk'],
    ['deadline_reminder', 'system'],
    ['deadline_breached', 'system'],
  ]);
  const notes = await prisma.notification.findMany({ where: { caseId: id } });
  expect(notes.filter((n) => n.kind === 'deadline_reminder').map((n) => n.recipient)).toContain('taishan.reviewer');
  expect(notes.filter((n) => n.kind === 'deadline_breached').map((n) => n.recipient)).toContain('taishan.supervisor');
  const row = await prisma.reimbursementClaim.findUniqueOrThrow({ where: { id } });
  expect(row.breachedAt?.toISOString()).toBe(new Date(dueAtMs).toISOString());
  // still open to be finished: the review goes on after the breach
  const reviewed = await handle.executeUpdate(claimActUpdate, {
    args: [{ action: 'review', actor: reviewer, lines: [{ lineNo: 1, payableFen: 88_000 }] }],
  });
  expect(reviewed).toMatchObject({ pendingStep: 'disburse', breachedAt: new Date(dueAtMs).toISOString() });
});

test('a claim finished within the limit is never breached', async () => {
  const { handle, id } = await accept();
  await handle.executeUpdate(claimActUpdate, {
    args: [{ action: 'review', actor: reviewer, lines: [{ lineNo: 1, payableFen: 80_000, reason: '床位费超标准部分' }] }],
  });
  await handle.executeUpdate(claimActUpdate, { args: [{ action: 'disburse', actor: finance }] });
  await handle.executeUpdate(claimActUpdate, { args: [{ action: 'complete', actor: approver }] });
  const done = await handle.result();
  expect(done).toMatchObject({ status: 'completed', breachedAt: null, payment: { amountFen: 80_000 } });
  await ts.env.sleep('60 days');
  const events = await prisma.auditEvent.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } });
  expect(events.map((e) => e.action)).toEqual(['accepted', 'review', 'disburse', 'complete']);
});
