/**
 * A worker process that dies (SIGKILL) right after its record-event has written a run's opening,
 * before the workflow task that ran it can complete: the fault `opening-retry.test.ts` needs (the
 * opening's local activity has written, the history does not know). Started by that test only:
 * `node --import tsx test/support/crash-after-opening-worker.ts` with DATABASE_URL,
 * TEMPORAL_ADDRESS and TASK_QUEUE; prints "ready" once it polls.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { RecordEventInput } from '../../activities/record-event';
import { createPrisma } from '../../platform/prisma';
import { workflowBundle } from '../../worker/worker';
import { testLogger } from './env';

async function main() {
  const prisma = createPrisma(process.env.DATABASE_URL!, 2);
  const activities = createActivities({ prisma, logger: testLogger });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.TASK_QUEUE!,
    workflowBundle: await workflowBundle(),
    activities: {
      ...activities,
      async recordEvent(input: RecordEventInput) {
        const outcome = await activities.recordEvent(input);
        if (input.event.before === null) process.kill(process.pid, 'SIGKILL'); // written; the task never completes
        return outcome;
      },
    },
  });
  const running = worker.run();
  console.log('ready');
  await running;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
