/**
 * A decision the API records itself (patch 'decision-recorded-by-caller', issue 19): the workflow
 * answers the Update with the decision's record in the task that schedules its own record-event,
 * and the API writes the record before it answers the clerk. Against the real server, worker and
 * PostgreSQL, with the worker's record-event held back to show who wrote what:
 * - the clerk's answer, the read model and the audit log show the decision while the workflow's
 *   record-event has not run; released, it finds the event written and writes nothing;
 * - the next decision is validated against the decided state, and its turn waits for that record;
 * - a caller that takes the answer and writes nothing (an API that crashed right after it) loses
 *   nothing: the workflow's record-event writes it;
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
import { isCallerRecord } from '../../workflows/decision-path';
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

/** The worker's record-event of decisions, held while `held` is set (the opening is not held). */
const gate = {
  held: false,
  waiting: [] as { input: RecordEventInput; release: () => void }[],
  release() {
    this.held = false;
    for (const w of this.waiting.splice(0)) w.release();
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
        if (gate.held && input.event.action !== 'applied') await new Promise<void>((release) => gate.waiting.push({ input, release }));
        return activities.recordEvent(input);
      },
    },
  });
  running = worker.run();
  temporal = new Client({ connection: await Connection.connect({ address: svc.temporalAddress }) });
  for (const u of ['taishan.clerk', 'taishan.reviewer']) tokens[u] = await svc.login(u);
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

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** How many record-event activities of the run have completed (the workflow's own writes, done or found). */
async function recordEventsCompleted(id: string): Promise<number> {
  const events = (await temporal.workflow.getHandle(id).fetchHistory()).events ?? [];
  return events.filter((e) => e.activityTaskCompletedEventAttributes).length;
}

test('the clerk is answered with the decision recorded while the workflow’s record-event is held; released, it writes nothing again', async () => {
  const id = await newCase();
  gate.held = true;
  const accepted = await act('taishan.clerk', id, { action: 'accept' });
  expect(accepted.status).toBe(200);
  expect(accepted.body.pendingStep).toBe('review');
  expect(gate.waiting.map((w) => w.input.event.action)).toEqual(['accept']); // the workflow's own write has not run
  const { runId } = await temporal.workflow.getHandle(id).describe();
  const written = await audit(id);
  expect(written.map((e) => [e.action, e.runId])).toEqual([
    ['applied', runId],
    ['accept', runId],
  ]);
  const row = await prisma.serviceCase.findUniqueOrThrow({ where: { id } });
  expect([row.version, row.pendingStep]).toEqual([written[1]!.seq, 'review']);

  // The next decision is validated against the decided state; its turn waits for the held record.
  const reviewing = act('taishan.reviewer', id, { action: 'review' });
  await new Promise((r) => setTimeout(r, 500));
  expect((await audit(id)).map((e) => e.action)).toEqual(['applied', 'accept']);
  gate.release();
  expect((await reviewing).status).toBe(200);

  await until(
    'both record-events',
    () => recordEventsCompleted(id),
    (n) => n >= 2,
  );
  const after = await audit(id);
  expect(after.map((e) => [e.seq, e.action])).toEqual([
    [written[0]!.seq, 'applied'],
    [written[1]!.seq, 'accept'],
    [written[1]!.seq + 1, 'review'],
  ]);
  expect(after[1]!.digest).toBe(written[1]!.digest); // the API's line stood: the workflow found it and wrote nothing
  const state = await temporal.workflow.getHandle(id).query(caseStateQuery);
  const final = await prisma.serviceCase.findUniqueOrThrow({ where: { id } });
  expect([final.version, final.pendingStep, final.status]).toEqual([state.version, state.pendingStep, state.status]);
}, 60_000);

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
  expect((await prisma.serviceCase.findUniqueOrThrow({ where: { id } })).pendingStep).toBe('review');
}, 60_000);

test('two writers of one event at the same instant: one audit line, both answered, and the workflow’s record-event finds it', async () => {
  const id = await newCase();
  gate.held = true;
  const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };
  const handle = temporal.workflow.getHandle(id);
  const answer = await handle.executeUpdate<unknown, [object, object]>('act', {
    args: [{ action: 'accept', actor: clerk }, { callerRecords: true }],
  });
  if (!isCallerRecord(answer)) throw new Error('expected the record in the answer');
  expect((await audit(id)).map((e) => e.action)).toEqual(['applied']); // nobody has written it yet
  // Two writes of it at once (an API and its retried request, say), while the workflow's is held:
  const both = await Promise.all([
    recordEvent(prisma, testLogger, answer.callerRecord, answer.runId),
    recordEvent(prisma, testLogger, answer.callerRecord, answer.runId),
  ]);
  expect(both).toEqual([{ ok: true }, { ok: true }]);
  expect((await audit(id)).map((e) => e.action)).toEqual(['applied', 'accept']);
  gate.release();
  await until(
    'the record-event',
    () => recordEventsCompleted(id),
    (n) => n >= 1,
  );
  expect((await audit(id)).map((e) => e.action)).toEqual(['applied', 'accept']);
}, 60_000);
