/**
 * The opening record is a local activity (patch 'opening-record-local', issue 19): it writes before
 * the workflow task that runs it completes. Here the worker is killed right after that write, so the
 * task times out and is retried on another worker, which builds the opening again. It must be the
 * same event (its time is the run's start, not the retried task's clock): recognised by its digest,
 * written once, and the case goes on: no EVENT_SEQUENCE_CONFLICT, nothing wedged.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { serviceCatalogue } from '../../domain/catalogue-data';
import type { Actor } from '../../domain/people';
import { serviceCaseId, serviceItemRef } from '../../domain/service-case';
import { projectRoot } from '../../scripts/lib/services';
import { workflowBundle } from '../../worker/worker';
import { actUpdate, openedUpdate, serviceCase } from '../../workflows/service-case';
import { applicationNo, requiredEnv, testLogger, testPrisma } from '../support/env';

const prisma = testPrisma();
const taskQueue = `it-opening-retry-${randomUUID()}`;
const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };

afterAll(() => prisma.$disconnect());

/** The crashing worker, until it has died of its own SIGKILL after the opening's write. */
function crashingWorker() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/crash-after-opening-worker.ts'], {
    cwd: projectRoot,
    env: { ...process.env, TASK_QUEUE: taskQueue, TEMPORAL_ADDRESS: requiredEnv('TEMPORAL_ADDRESS') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('ready')) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code, signal) => reject(new Error(`crashing worker exited before it was ready (${code ?? signal}): ${output}`)));
  });
  const died = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  return { ready, died, kill: () => child.kill('SIGKILL') };
}

test('a worker killed after the opening was written: the retried task records the same opening once, and the case goes on', async () => {
  const client = new Client({ connection: await Connection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') }) });
  const crashing = crashingWorker();
  try {
    await crashing.ready;
    const item = serviceCatalogue.find((i) => i.code === '442189209003')!;
    const appNo = applicationNo('OR');
    const caseId = serviceCaseId(item.code, appNo);
    const handle = await client.workflow.start(serviceCase, {
      workflowId: caseId,
      taskQueue,
      // A short task timeout, so the dead worker's task is retried within seconds.
      workflowTaskTimeout: '2 seconds',
      args: [
        {
          caseId,
          applicationNo: appNo,
          item: serviceItemRef(item, 'counter'),
          jurisdiction: 'taishan',
          channel: 'counter',
          applicant: { name: '张三', idNumber: '440781196001011234' },
          createdBy: clerk,
        },
      ],
    });
    expect(await crashing.died).toBe('SIGKILL');
    const written = await prisma.auditEvent.findMany({ where: { caseId } });
    expect(written.map((e) => e.action)).toEqual(['applied']); // the write happened, the task did not complete

    const worker = await Worker.create({
      connection: await NativeConnection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') }),
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ prisma, logger: testLogger }),
    });
    await worker.runUntil(async () => {
      const opened = await handle.executeUpdate(openedUpdate);
      expect(opened.status).toBe('open');
      const accepted = await handle.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: clerk }] });
      expect(accepted.pendingStep).not.toBe('accept');
    });

    const events = await prisma.auditEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.seq, e.action])).toEqual([
      [written[0]!.seq, 'applied'],
      [written[0]!.seq + 1, 'accept'],
    ]);
    expect(events[0]!.digest).toBe(written[0]!.digest);
    // The retry is what happened: the first task timed out, and the opening is in the history once.
    const history = (await handle.fetchHistory()).events!;
    expect(history.some((e) => e.workflowTaskTimedOutEventAttributes)).toBe(true);
    const row = await prisma.serviceCase.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.appliedAt.toISOString()).toBe(events[0]!.at.toISOString());
  } finally {
    crashing.kill();
    await client.connection.close();
  }
}, 120_000);
