/** The worker: runs the workflows (bundled from workflows/) and the activities on one task queue. */
import path from 'node:path';
import { type NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities';
import { noticeChannelQueue, noticeChannelQuotas } from '../activities/notices';
import type { PrismaClient } from '../generated/prisma/client';
import type { Config } from '../platform/config';
import { tracingOn, workerTracing, workflowTracingModule } from '../platform/tracing';

export const workflowsPath = path.join(__dirname, '..', 'workflows', 'index.ts');

/** The modules all workflow runs share instead of loading their own copy (what, and why: see that file). */
export const sharedWorkflowModules = path.join(__dirname, 'shared-workflow-modules.ts');

const bundles = new Map<boolean, Promise<WorkflowBundleWithSourceMap>>();
/**
 * Bundles the workflow code once per process (about a second), however many workers start; with
 * tracing on, the OpenTelemetry workflow interceptors are bundled in (they add no commands).
 */
export function workflowBundle(tracing = false): Promise<WorkflowBundleWithSourceMap> {
  if (!bundles.has(tracing)) {
    bundles.set(
      tracing,
      bundleWorkflowCode({
        workflowsPath,
        logger: quietBundlerLogger,
        workflowInterceptorModules: tracing ? [workflowTracingModule] : [],
        preloadModules: [sharedWorkflowModules],
      }),
    );
  }
  return bundles.get(tracing)!;
}

const quietBundlerLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error(message: string, meta?: Record<string, unknown>) {
    console.error(message, meta ?? '');
  },
};

/**
 * The worker's capacity, from the configuration (README "Workers" explains the sizing). Shutdown
 * drains: polling stops, in-flight workflow tasks (with their Updates) finish, activities get the
 * grace time to complete before they are cancelled and retried elsewhere.
 */
export function workerTuning(config: Config) {
  return {
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    reuseV8Context: config.WORKER_REUSE_V8_CONTEXT,
    maxConcurrentWorkflowTaskExecutions: Math.min(
      config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      config.WORKER_MAX_CACHED_WORKFLOWS || Infinity,
    ),
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    shutdownGraceTime: config.WORKER_SHUTDOWN_GRACE_MS,
  };
}

export async function createWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  prisma: PrismaClient;
  logger: Logger;
  config?: Config;
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: await workflowBundle(tracingOn(opts.config)),
    activities: createActivities({ prisma: opts.prisma, logger: opts.logger, config: opts.config }),
    ...(opts.config ? workerTuning(opts.config) : {}),
    ...workerTracing(opts.config),
  });
}

/**
 * One activities-only worker per notice channel with a quota, polling that channel's queue with
 * Temporal's task-queue rate limit (the server enforces it for all workers of the queue together,
 * so adding workers does not raise the SMS gateway's load). None when no quota is set.
 */
export async function createNoticeChannelWorkers(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  prisma: PrismaClient;
  logger: Logger;
  config: Config;
}): Promise<Worker[]> {
  const quotas = Object.entries(noticeChannelQuotas(opts.config)) as [Parameters<typeof noticeChannelQueue>[1], number][];
  return Promise.all(
    quotas.map(([channel, perSecond]) =>
      Worker.create({
        connection: opts.connection,
        namespace: opts.namespace,
        taskQueue: noticeChannelQueue(opts.taskQueue, channel),
        activities: createActivities({ prisma: opts.prisma, logger: opts.logger, config: opts.config }),
        maxTaskQueueActivitiesPerSecond: perSecond,
        maxActivitiesPerSecond: perSecond,
        maxConcurrentActivityTaskExecutions: Math.max(1, Math.min(opts.config.WORKER_MAX_CONCURRENT_ACTIVITIES, Math.ceil(perSecond) * 4)),
        shutdownGraceTime: opts.config.WORKER_SHUTDOWN_GRACE_MS,
        ...workerTracing(opts.config),
      }),
    ),
  );
}
