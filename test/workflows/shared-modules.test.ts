/**
 * The worker's memory per cached run (issue 19): with one reused V8 context, every run used to
 * evaluate its own copy of zod and of the domain modules (schemas, tables), about 2.3 MB kept per
 * cached run, so 2,000 cached runs alone took some 4.6 GB. The worker's bundle shares them
 * (worker/worker.ts sharedWorkflowModules); this measures what one more cached run keeps, in the
 * SDK's own reused-context executor with the worker's own bundle, and that a disposed (evicted) run
 * gives its memory back. The workflows themselves run on that bundle in every other workflow test.
 */
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import type { WorkflowCreateOptions } from '@temporalio/worker/lib/workflow/interface';
import { sharedWorkflowModules, workflowBundle } from '../../worker/worker';
import { WORKFLOW_STACK_FRAMES } from '../../worker/workflow-stack';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

function createOptions(i: number): WorkflowCreateOptions {
  const now = new Date();
  return {
    info: {
      workflowId: `shared-modules-${i}`,
      runId: `run-${i}`,
      workflowType: 'serviceCase',
      namespace: 'default',
      taskQueue: 'shared-modules',
      firstExecutionRunId: `run-${i}`,
      attempt: 1,
      searchAttributes: {},
      typedSearchAttributes: [],
      memo: {},
      historyLength: 1,
      historySize: 1,
      continueAsNewSuggested: false,
      startTime: now,
      runStartTime: now,
      unsafe: { isReplaying: false, now: Date.now },
    } as unknown as WorkflowCreateOptions['info'],
    randomnessSeed: [1, 2, 3, 4],
    now: now.getTime(),
    showStackTraceSources: false,
  };
}

const bundleCreator = async () => {
  const bundle: WorkflowBundleWithSourceMap = await workflowBundle();
  return ReusableVMWorkflowCreator.create(
    {
      code: bundle.code,
      filename: 'shared-modules-test.js',
      sourceMap: { version: 3, file: 'shared-modules-test.js', sources: [], names: [], mappings: '' },
    },
    10_000,
    new Set(),
  );
};

test('one more cached run keeps well under 0.5 MB, and an evicted run gives it back', async () => {
  const bundle: WorkflowBundleWithSourceMap = await workflowBundle();
  // every domain module in the bundle is one of the shared ones (a new one left out would be loaded per run)
  const inBundle = new Set([...bundle.code.matchAll(/^\/\*\*\*\/ "\.\/domain\/([\w-]+)\.ts"$/gm)].map((m) => m[1]));
  const shared = new Set(
    [...readFileSync(sharedWorkflowModules, 'utf8').matchAll(/^import \* as \w+ from '\.\.\/domain\/([\w-]+)';$/gm)].map((m) => m[1]),
  );
  expect(inBundle.size).toBeGreaterThan(10);
  expect([...inBundle].filter((m) => !shared.has(m))).toEqual([]);
  const creator = await bundleCreator();
  try {
    const runs = 100;
    const start = heapUsed();
    const cached = [];
    for (let i = 0; i < runs; i++) cached.push(await creator.createWorkflow(createOptions(i)));
    const perRunKB = (heapUsed() - start) / runs / 1024;
    // Measured: about 2,300 KB per run when each loads its own modules, about 75 KB shared.
    expect(perRunKB).toBeLessThan(500);
    for (const run of cached) await run.dispose();
    cached.length = 0;
    expect((heapUsed() - start) / 1024 / 1024).toBeLessThan(5);
  } finally {
    await creator.destroy();
  }
});

test("a stack taken in the workflow context keeps the few frames the SDK's promise hook needs, and no more", async () => {
  const creator = await bundleCreator();
  try {
    const run = await creator.createWorkflow(createOptions(0));
    const context = (creator as unknown as { context: vm.Context }).context; // the reused context (protected in the SDK's types)
    // V8's default is 10 frames; each promise a workflow creates takes one stack (worker/workflow-stack.ts)
    expect(vm.runInContext('Error.stackTraceLimit', context)).toBe(WORKFLOW_STACK_FRAMES);
    const frames = vm.runInContext(
      '(function a() { return (function b() { return (function c() { return (function d() { return (function e() { return new Error().stack; })(); })(); })(); })(); })()',
      context,
    ) as string;
    expect(frames.split('\n').filter((l) => l.trim().startsWith('at ')).length).toBe(WORKFLOW_STACK_FRAMES);
    await run.dispose();
  } finally {
    await creator.destroy();
  }
});
