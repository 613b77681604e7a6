/** Temporal's time-skipping test server with a real worker running the real activities on PostgreSQL. */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { PrismaClient } from '../../platform/prisma';
import { workflowBundle } from '../../worker/worker';
import { requiredEnv, testLogger } from './env';

export interface TimeSkipping {
  env: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

/**
 * A time-skipping server of its own. The SDK gives the server 5 s to listen (not configurable); on a
 * loaded machine (two jest workers, each starting servers) that can pass, so a start that timed out
 * is tried again, twice. Any other failure, or a third timeout, fails the file.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: requiredEnv('TEMPORAL_TEST_SERVER_PATH') } },
      });
    } catch (e) {
      if (attempt >= 3 || !/did not start within/.test(String((e as Error).message))) throw e;
    }
  }
}

export async function startTimeSkipping(prisma: PrismaClient, taskQueue: string): Promise<TimeSkipping> {
  const env = await createTimeSkippingEnv();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ prisma, logger: testLogger }),
  });
  const running = worker.run();
  return {
    env,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

/** Registers the test file's hooks: one time-skipping server and worker for the whole file. */
export function useTimeSkipping(prisma: PrismaClient, taskQueue: string): { readonly env: TestWorkflowEnvironment } {
  let started: TimeSkipping | undefined;
  beforeAll(async () => {
    started = await startTimeSkipping(prisma, taskQueue);
  }, 120_000);
  afterAll(async () => {
    await started?.stop();
    await prisma.$disconnect();
  });
  return {
    get env() {
      return started!.env;
    },
  };
}
