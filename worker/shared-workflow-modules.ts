/**
 * The modules every workflow run of a worker shares (issue 19), loaded once into the reused V8
 * context before any run starts: listed as the bundle's only preload module (worker/worker.ts),
 * they take zod and everything these import with them. Without this each run evaluated its own
 * copy of zod and of every domain schema and table, about 2.3 MB kept per cached run and some
 * 80 ms of CPU per run started or replayed into the cache; shared, a run keeps about 75 KB.
 *
 * What makes sharing safe: these modules hold no state of a run (pure functions, schemas, constant
 * tables; no module-level variable that a run assigns), so a run cannot see another's. The SDK
 * deep-freezes what preloaded modules export, to keep runs apart; zod 4 cannot work frozen (a
 * schema binds its methods and settles its parse on first use, a pattern check resets its
 * RegExp's lastIndex), so each of these modules is handed to the runs behind a frozen function
 * carrying the same exports: the freeze stops at a function (it does not walk into one), and zod's
 * own objects stay as zod needs them. Any module added here must hold no state of a run either.
 * Every domain module in the workflow bundle is imported here (test/workflows/shared-modules.test.ts).
 */
import * as zod from 'zod';
import { WORKFLOW_STACK_FRAMES } from './workflow-stack';
import * as assistanceRecipient from '../domain/assistance-recipient';
import * as careEpisode from '../domain/care-episode';
import * as careProcess from '../domain/care-process';
import * as certification from '../domain/certification';
import * as dates from '../domain/dates';
import * as errors from '../domain/errors';
import * as fundRequest from '../domain/fund-request';
import * as idNumber from '../domain/id-number';
import * as ledger from '../domain/ledger';
import * as outpatientFacility from '../domain/outpatient-facility';
import * as people from '../domain/people';
import * as primitives from '../domain/primitives';
import * as processes from '../domain/processes';
import * as reimbursement from '../domain/reimbursement';
import * as reimbursementRules from '../domain/reimbursement-rules';
import * as remoteCare from '../domain/remote-care';
import * as remoteCareFiling from '../domain/remote-care-filing';
import * as serviceCase from '../domain/service-case';
import * as specialDisease from '../domain/special-disease';
import * as subsidisedEnrolment from '../domain/subsidised-enrolment';
import * as workingDays from '../domain/working-days';

// Every stack taken in this context, the SDK's promise hook's above all (worker/workflow-stack.ts).
Error.stackTraceLimit = WORKFLOW_STACK_FRAMES;

declare const __webpack_modules__: Record<string, unknown>;
type LoadedModule = { exports: object };
const moduleCache = (globalThis as unknown as { __webpack_module_cache__: Record<string, LoadedModule | undefined> })
  .__webpack_module_cache__;

/** The same exports, on a function: what the runs get when they import the module. */
function behindFunction(exports: object): object {
  const carrier = () => undefined;
  for (const key of Reflect.ownKeys(carrier)) Reflect.deleteProperty(carrier, key); // an export may be called `name`
  Object.defineProperties(carrier, Object.getOwnPropertyDescriptors(exports));
  return carrier;
}

// Referenced so the bundler keeps them (their exports are reached through the module cache below).
void [zod, assistanceRecipient, idNumber, primitives, reimbursementRules, careEpisode, careProcess, certification, dates, errors];
void [fundRequest, ledger, outpatientFacility, people, reimbursement, remoteCare, remoteCareFiling, serviceCase, specialDisease];
void [processes, subsidisedEnrolment, workingDays];

for (const id of Object.keys(__webpack_modules__)) {
  if (!/^\.\/(domain\/|node_modules\/zod\/)/.test(id)) continue;
  const loaded = moduleCache[id];
  if (loaded) loaded.exports = behindFunction(loaded.exports);
}
