/**
 * A decision the API records itself (patch 'decision-recorded-by-caller', issue 19): the workflow
 * answers the Update with the decision's record, and the API writes the record before it answers
 * the clerk. Against the real server, worker and PostgreSQL, with the worker's record-event watched
 * (and held back where a test says so) to show who wrote what:
 * - the clerk's answer, the read model and the audit log show the decision before any record-event
 *   of the workflow has run. Once the next decision's caller shows it committed (the row it read),
 *   no record-event runs for it at all (patch 'decision-record-deferred'); the last decision's runs
 *   after the grace and finds it written;
 * - a caller that takes the answer and writes nothing (an API that crashed right after it) loses
 *   nothing: the workflow's record-event writes it after the grace;
 * - from a caller that has not shown the event committed, the next decision's turn waits for the
 *   record-event, which runs then, and the events are recorded in their order;
 * - a decision that closes the record runs its record-event at once, and the run does not end before it;
 * - the two writers of one event at the same instant: one audit line, both answered.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { recordEvent, type RecordEventInput } from '../../activities/record-event';
import type { Actor } from '../../domain/people';
import { serviceCaseId } from '../../domain/service-case';
import { workflowBundle } from '../../worker/worker';
import { DEFERRED_RECORD_GRACE_MS, isCallerRecord } from '../../workflows/decision-path';
import { caseStateQuery } from '../../workflows/service-case';
import { newIdNumber } from '../support/care';
import { applicationNo, requiredEnv, testLogger, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
let temporal: Client;
let worker: Worker;
let running: Promise<void>;
const tokens: Record<string, string> = {};

/** The worker's record-event of decisions, watched, and held while `held` is set (the opening is neither). */
const gate = {
  held: false,
  /** the decisions (record ID and action) whose record-event has started, scheduled or local */
  started: [] as { id: string; action: string }[],
  waiting: [] as { input: RecordEventInput; release: () => void }[],
  release() {
    this.held = false;
    for (const w of this.waiting.splice(0)) w.release();
  },
  /** the actions of `id` whose record-event has started */
  of(id: string) {
    return this.started.filter((s) => s.id === id).map((s) => s.action);
  },
};

beforeAll(async () => {
  svc = await startTestService(prisma, `it-caller-records-${randomUUID()}`);
  await svc.worker.stop(); // replaced by a worker whose record-event can be held
  const activities = createActivities({ prisma, logger: testLogger });
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') }),
    taskQueue: svc.config.TEMPORAL_TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: {
      ...activities,
      async recordEvent(input: RecordEventInput) {
        if (input.event.action !== 'applied') {
          gate.started.push({ id: (input.state as { caseId: string }).caseId, action: input.event.action });
          if (gate.held) await new Promise<void>((release) => gate.waiting.push({ input, release }));
        }
        return activities.recordEvent(input);
      },
    },
  });
  running = worker.run();
  temporal = new Client({ connection: await Connection.connect({ address: svc.temporalAddress }) });
  for (const u of ['taishan.clerk', 'taishan.reviewer', 'taishan.finance', 'taishan.approver']) tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  gate.release();
  worker?.shutdown();
  await running;
  await temporal?.connection.close();
  await svc?.api.stop();
  await prisma.$disconnect();
});

const itemCode = '442189208003'; // 个人账户一次性支取: 受理 → 审核 → 拨付 → 办结
async function newCase(): Promise<string> {
  const no = applicationNo('CR');
  const created = await svc.call(tokens['taishan.clerk']!, 'POST', '/cases', {
    itemCode,
    applicationNo: no,
    jurisdiction: 'taishan',
    applicant: { name: '记录', idNumber: newIdNumber() },
  });
  expect(created.status).toBe(201);
  return serviceCaseId(itemCode, no);
}
const act = (user: string, id: string, body: object) =>
  svc.call(tokens[user]!, 'POST', `/cases/${encodeURIComponent(id)}/actions`, body, { 'idempotency-key': randomUUID() });
const audit = (caseId: string) =>
  prisma.auditEvent.findMany({
    where: { caseId },
    orderBy: { seq: 'asc' },
    select: { seq: true, action: true, runId: true, digest: true },
  });

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, withinMs = afterGrace): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A decision answered early and not shown committed records after this grace (DEFERRED_RECORD_GRACE_MS), with a margin. */
const afterGrace = DEFERRED_RECORD_GRACE_MS + 10_000;

test('the clerk is answered with the decision recorded before any record-event runs; shown committed by the next decision, none runs for it', async () => {
  const id = await newCase();
  const accepted = await act('taishan.clerk', id, { action: 'accept' });
  expect(accepted.status).toBe(200);
  expect(accepted.body.pendingStep).toBe('review');
  expect(gate.of(id)).toEqual([]); // the workflow has recorded nothing of it
  const { runId } = await temporal.workflow.getHandle(id).describe();
  const written = await audit(id);
  expect(written.map((e) => [e.action, e.runId])).toEqual([
    ['applied', runId],
    ['accept', runId],
  ]);
  const row = await prisma.serviceCase.findUniqueOrThrow({ where: { id } });
  expect([row.version, row.pendingStep]).toEqual([written[1]!.seq, 'review']);

  // The next decision is validated against the decided state. The reviewer's request read the row
  // the API wrote (the accept's version), which shows the accept committed: its turn is released.
  const reviewed = await act('taishan.reviewer', id, { action: 'review' });
  expect(reviewed.status).toBe(200);
  expect(reviewed.body.pendingStep).toBe('disburse');
  expect((await audit(id)).map((e) => e.action)).toEqual(['applied', 'accept', 'review']);
  // Nothing shows the review committed: its record-event runs after the grace, and finds it written.
  await until(
    'the review’s record-event',
    async () => gate.of(id),
    (started) => started.includes('review'),
  );
  expect(gate.of(id)).toEqual(['review']); // the accept's never ran
  const after = await audit(id);
  expect(after.map((e) => [e.seq, e.action])).toEqual([
    [written[0]!.seq, 'applied'],
    [written[1]!.seq, 'accept'],
    [written[1]!.seq + 1, 'review'],
  ]);
  expect(after[1]!.digest).toBe(written[1]!.digest); // the API's lines stood
  const state = await temporal.workflow.getHandle(id).query(caseStateQuery);
  const final = await prisma.serviceCase.findUniqueOrThrow({ where: { id } });
  expect([final.version, final.pendingStep, final.status]).toEqual([state.version, state.pendingStep, state.status]);
}, 90_000);

test('a caller that takes the answer and writes nothing loses nothing: the workflow’s record-event writes it', async () => {
  const id = await newCase();
  const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };
  const answer = await temporal.workflow
    .getHandle(id)
    .executeUpdate<unknown, [object, object]>('act', { args: [{ action: 'accept', actor: clerk }, { callerRecords: true }] });
  expect(isCallerRecord(answer)).toBe(true);
  const events = await until(
    'the accept recorded by the workflow',
    () => audit(id),
    (rows) => rows.length === 2,
  );
  expect(events.map((e) => e.action)).toEqual(['applied', 'accept']);
  expect(gate.of(id)).toEqual(['accept']);
  expect((await prisma.serviceCase.findUniqueOrThrow({ where: { id } })).pendingStep).toBe('review');
}, 90_000);

test('two writers of one event at the same instant: one audit line, both answered, and the workflow’s record-event finds it', async () => {
  const id = await newCase();
  const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };
  const handle = temporal.workflow.getHandle(id);
  const answer = await handle.executeUpdate<unknown, [object, object]>('act', {
    args: [{ action: 'accept', actor: clerk }, { callerRecords: true }],
  });
  if (!isCallerRecord(answer)) throw new Error('expected the record in the answer');
  expect((await audit(id)).map((e) => e.action)).toEqual(['applied']); // nobody has written it yet
  // Two writes of it at once (an API and its retried request, say), before the workflow's:
  const both = await Promise.all([
    recordEvent(prisma, testLogger, answer.callerRecord, answer.runId),
    recordEvent(prisma, testLogger, answer.callerRecord, answer.runId),
  ]);
  expect(both).toEqual([{ ok: true }, { ok: true }]);
  expect((await audit(id)).map((e) => e.action)).toEqual(['applied', 'accept']);
  const written = await audit(id);
  await until(
    'the record-event',
    async () => gate.of(id),
    (started) => started.length >= 1,
  );
  await new Promise((r) => setTimeout(r, 500));
  expect(await audit(id)).toEqual(written); // found, nothing written again
}, 90_000);

test('from a caller that has not shown the event committed, the next decision waits for the record-event; the events stay in order', async () => {
  const id = await newCase();
  gate.held = true;
  const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };
  const reviewer: Actor = { username: 'taishan.reviewer', role: 'reviewer', jurisdiction: 'taishan' };
  const handle = temporal.workflow.getHandle(id);
  // The accept is answered with its record, which this caller does not write (an API that crashed).
  const accept = await handle.executeUpdate<unknown, [object, object]>('act', {
    args: [{ action: 'accept', actor: clerk }, { callerRecords: true }],
  });
  if (!isCallerRecord(accept)) throw new Error('expected the record in the answer');
  const acceptSeq = accept.callerRecord.event.seq;
  // The review's caller read the row before the accept was written: it shows only the opening.
  let reviewAnswered = false;
  const review = handle
    .executeUpdate<unknown, [object, object]>('act', {
      args: [
        { action: 'review', actor: reviewer },
        { callerRecords: true, recordedThrough: acceptSeq - 1 },
      ],
    })
    .then((a) => {
      reviewAnswered = true;
      return a;
    });
  // Its wait for the turn starts the accept's record-event at once, not after the grace.
  await until(
    'the accept’s record-event',
    async () => gate.of(id),
    (started) => started.includes('accept'),
    DEFERRED_RECORD_GRACE_MS / 2,
  );
  await new Promise((r) => setTimeout(r, 700));
  expect(reviewAnswered).toBe(false); // its turn waits: the accept is not recorded yet
  expect((await audit(id)).map((e) => e.action)).toEqual(['applied']);
  gate.release();
  const answered = await review;
  if (!isCallerRecord(answered)) throw new Error('expected the record in the answer');
  expect(answered.callerRecord.event.seq).toBe(acceptSeq + 1);
  // The accept was written by the workflow's record-event before the review's turn came.
  const events = await until(
    'the review recorded by the workflow',
    () => audit(id),
    (rows) => rows.length === 3,
  );
  expect(events.map((e) => [e.seq, e.action])).toEqual([
    [acceptSeq - 1, 'applied'],
    [acceptSeq, 'accept'],
    [acceptSeq + 1, 'review'],
  ]);
}, 90_000);

test('a decision that closes the record runs its record-event at once, and the run does not end before it', async () => {
  const id = await newCase();
  expect((await act('taishan.clerk', id, { action: 'accept' })).status).toBe(200);
  expect((await act('taishan.reviewer', id, { action: 'review' })).status).toBe(200);
  expect((await act('taishan.finance', id, { action: 'disburse', amountFen: 120_000 })).status).toBe(200);
  gate.held = true;
  const completed = await act('taishan.approver', id, { action: 'complete' });
  expect(completed.status).toBe(200);
  expect(completed.body.status).toBe('completed');
  // Every decision answered and written by the API. Each was shown committed by the next; the
  // closing one does not wait for that: its record-event started at once (and is held).
  await until(
    'the complete’s record-event',
    async () => gate.of(id),
    (started) => started.includes('complete'),
    DEFERRED_RECORD_GRACE_MS / 2,
  );
  expect(gate.of(id)).toEqual(['complete']);
  expect((await audit(id)).map((e) => e.action)).toEqual(['applied', 'accept', 'review', 'disburse', 'complete']);
  const handle = temporal.workflow.getHandle(id);
  await new Promise((r) => setTimeout(r, 500));
  expect((await handle.describe()).status.name).toBe('RUNNING');
  gate.release();
  await handle.result();
  expect(gate.of(id)).toEqual(['complete']);
  expect((await audit(id)).map((e) => e.action)).toEqual(['applied', 'accept', 'review', 'disburse', 'complete']);
}, 90_000);
