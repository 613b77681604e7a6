/**
 * Determinism: the recorded histories under test/histories/ must replay against today's workflow
 * code. A rule change that would break running cases fails here, before it ships (version such a
 * change with patched()). With RECORD_NEW_HISTORIES=1 the paths whose history file is missing are recorded first.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { createActivities } from '../../activities';
import { serviceCatalogue } from '../../domain/catalogue-data';
import type { Actor } from '../../domain/people';
import { workflowBundle } from '../../worker/worker';
import { actUpdate } from '../../workflows/service-case';
import { isCallerRecord } from '../../workflows/decision-path';
import { recordEvent } from '../../activities/record-event';
import { episodeActUpdate } from '../../workflows/care-episode';
import { fundActUpdate, fundOpenedUpdate, fundRequest } from '../../workflows/fund-request';
import { fundRequestId } from '../../domain/fund-request';
import { certificationId } from '../../domain/certification';
import { noticeInstant, periodFrom } from '../../domain/special-disease';
import { writeNotice } from '../../activities/notices';
import { noticeDelivery, noticeDeliveryId } from '../../workflows/notice-delivery';
import { changeBroadcast } from '../../workflows/change-broadcast';
import { personKeyOf, recordPerson } from '../../store/persons';
import {
  certificationActUpdate,
  certificationOpenedUpdate,
  specialDiseaseCertification,
} from '../../workflows/special-disease-certification';
import { addDays, shanghaiDate } from '../../domain/dates';
import { outpatientFacilityId } from '../../domain/outpatient-facility';
import { facilityActUpdate, outpatientFacility } from '../../workflows/outpatient-facility';
import { applyOnClient, eligibleFamilyBed, newIdNumber } from '../support/care';
import { openServiceCase } from '../support/cases';
import { newCertification } from '../support/certification';
import { testLogger, testPrisma } from '../support/env';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { openFiling } from '../../domain/remote-care-filing';
import { calendarFrom } from '../../domain/working-days';
import { filingActUpdate, filingOpenedUpdate, remoteCareFiling } from '../../workflows/remote-care-filing';
import { identityId } from '../../domain/assistance-recipient';
import { initialEnrolment } from '../../domain/subsidised-enrolment';
import {
  enrolmentActUpdate,
  enrolmentOpenedUpdate,
  identityChangedUpdate,
  subsidisedEnrolment,
} from '../../workflows/subsidised-enrolment';
import { claimActUpdate, claimOpenedUpdate, reimbursementClaim } from '../../workflows/reimbursement-claim';
import { basicInpatientClaim } from '../support/reimbursement';

const historiesDir = path.join(__dirname, '..', 'histories');
const silentBundler = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Writes a history once: a recorded history is a fixture and is never overwritten. */
function keep(name: string, history: Parameters<typeof historyToJSON>[0]) {
  const file = path.join(historiesDir, `${name}.json`);
  if (!existsSync(file)) writeFileSync(file, historyToJSON(history));
}
const missing = (name: string) => !existsSync(path.join(historiesDir, `${name}.json`));
/** The version a history's name records (`…-v3` → 3, no suffix → 1): a path's later versions decide its later ways. */
const versionOf = (name: string) => Number(/-v(\d+)$/.exec(name)?.[1] ?? 1);

async function recordNew() {
  const prisma = testPrisma();
  const env = await createTimeSkippingEnv();
  const taskQueue = 'record-histories';
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ prisma, logger: testLogger }),
  });
  /**
   * A decision sent as the API sends it (patch 'decision-recorded-by-caller'): a record in the answer
   * is written by the caller. With `through`, it also says which events it has seen committed, as the
   * API does with the row it read (patch 'decision-turn-at-record'): here, the last one it wrote.
   */
  const writtenByCaller = new Map<string, number>();
  const decideAsApi = async (
    h: { workflowId: string; executeUpdate: WorkflowHandle['executeUpdate'] },
    update: string,
    command: object,
    through = false,
  ) => {
    const delivery = { callerRecords: true, ...(through ? { recordedThrough: writtenByCaller.get(h.workflowId) } : {}) };
    const answer = await h.executeUpdate<unknown, [object, object]>(update, { args: [command, delivery] });
    if (!isCallerRecord(answer)) return;
    await recordEvent(prisma, testLogger, answer.callerRecord, answer.runId);
    writtenByCaller.set(h.workflowId, answer.callerRecord.event.seq);
  };
  const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };
  const reviewer: Actor = { ...clerk, username: 'taishan.reviewer', role: 'reviewer' };
  const approver: Actor = { ...clerk, username: 'taishan.approver', role: 'approver' };
  const item = serviceCatalogue.find((i) => i.code === '442189208003')!; // 个人账户一次性支取: with 拨付
  const finance: Actor = { ...clerk, username: 'taishan.finance', role: 'finance' };
  // 受理 → 审核 → 拨付 → 办结: the same path, recorded once per version of the workflow code
  const completed = async (h: Awaited<ReturnType<typeof openServiceCase>>['handle']) => {
    await h.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: clerk }] });
    await h.executeUpdate(actUpdate, { args: [{ action: 'review', actor: reviewer }] });
    await h.executeUpdate(actUpdate, { args: [{ action: 'disburse', actor: finance, amountFen: 123456 }] });
    await h.executeUpdate(actUpdate, { args: [{ action: 'complete', actor: approver }] });
    await h.result();
  };
  /** The same path with each decision sent as the API sends it (see decideAsApi). */
  const completedAsApi = async (h: Awaited<ReturnType<typeof openServiceCase>>['handle'], through: boolean) => {
    const commands = [
      { action: 'accept', actor: clerk },
      { action: 'review', actor: reviewer },
      { action: 'disburse', actor: finance, amountFen: 123456 },
      { action: 'complete', actor: approver },
    ];
    for (const command of commands) await decideAsApi(h, actUpdate.name, command, through);
    await h.result();
  };
  const paths: Record<string, (h: Awaited<ReturnType<typeof openServiceCase>>['handle']) => Promise<void>> = {
    'service-case-completed-v2': completed,
    // Issue 19: the record-event and the deadline count as local activities (patch 'record-event-local').
    'service-case-completed-v3': completed,
    // The record-event scheduled again (patch 'record-event-scheduled': a local activity's retry rebuilt its event).
    'service-case-completed-v4': completed,
    // The deadline count of the accept as a local activity (patch 'deadline-count-local'): one scheduled activity per decision.
    'service-case-completed-v5': completed,
    // The decision's answer carries its record, which the caller writes (patch 'decision-recorded-by-caller'), as the API does.
    'service-case-completed-v6': (h) => completedAsApi(h, false),
    // The next decision's caller shows the previous event committed, which releases its turn (patch 'decision-turn-at-record').
    'service-case-completed-v7': (h) => completedAsApi(h, true),
    // A decision shown committed by the next one runs no record-event (patch 'decision-record-deferred'); the closing one records at once.
    'service-case-completed-v8': (h) => completedAsApi(h, true),
    // One patch marker for the run (the patch baseline, workflows/patches.ts), not one per patch.
    'service-case-completed-v9': (h) => completedAsApi(h, true),
    // The same patch's other branches: the grace runs out (the record-event runs locally, in a later
    // task), and a decision that does not show the one before starts its record-event before its turn.
    'service-case-deferred-grace': async (h) => {
      await decideAsApi(h, actUpdate.name, { action: 'accept', actor: clerk }, true);
      await env.sleep('1 minute');
      await decideAsApi(h, actUpdate.name, { action: 'review', actor: reviewer }, true);
      await decideAsApi(h, actUpdate.name, { action: 'disburse', actor: finance, amountFen: 123456 }, false);
      await decideAsApi(h, actUpdate.name, { action: 'complete', actor: approver }, true);
      await h.result();
    },
    'service-case-breached-then-rejected-v2': async (h) => {
      await h.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: clerk }] });
      await env.sleep('40 days');
      await h.executeUpdate(actUpdate, { args: [{ action: 'reject', actor: reviewer, reason: '逾期未补正材料' }] });
      await h.result();
    },
    // Issue 19: the reminder and the breach notification written by the record-event (patch 'deadline-notice-in-record').
    'service-case-breached-then-rejected-v3': async (h) => {
      await h.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: clerk }] });
      await env.sleep('40 days');
      await h.executeUpdate(actUpdate, { args: [{ action: 'reject', actor: reviewer, reason: '逾期未补正材料' }] });
      await h.result();
    },
    // The same with the patch baseline: the reminder's and the breach's timers in a run of one patch marker.
    'service-case-breached-then-rejected-v4': async (h) => {
      await decideAsApi(h, actUpdate.name, { action: 'accept', actor: clerk }, true);
      await env.sleep('40 days');
      await decideAsApi(h, actUpdate.name, { action: 'reject', actor: reviewer, reason: '逾期未补正材料' }, true);
      await h.result();
    },
  };
  await worker.runUntil(async () => {
    // A remote-care filing: received online on a personal promise, approved after its 2-working-day
    // limit passed (reminder, breach), materials delivered, cancelled once the 6 months are over (000 §29–§32).
    // First: the rule set ends 2028-12-31, and the test server's clock jumps once other runs end.
    // v2: each decision sent as the API sends it, its record written by the caller (patch 'decision-recorded-by-caller').
    // v3: and with the events its caller has seen committed (patch 'decision-turn-at-record').
    // v4: a decision shown committed by the next one runs no record-event (patch 'decision-record-deferred').
    // v5: one patch marker for the run (the patch baseline, workflows/patches.ts).
    for (const name of [
      'remote-care-online-cancelled',
      'remote-care-online-cancelled-v2',
      'remote-care-online-cancelled-v3',
      'remote-care-online-cancelled-v4',
      'remote-care-online-cancelled-v5',
    ].filter(missing)) {
      const through = versionOf(name) >= 3;
      const act = (command: object) =>
        versionOf(name) >= 2
          ? decideAsApi(rc, filingActUpdate.name, command, through)
          : rc.executeUpdate(filingActUpdate, { args: [command as never] });
      const filingIdNumber = newIdNumber();
      const filing = openFiling(
        {
          personKey: personKeyOf(filingIdNumber),
          person: { name: '回放', idNumber: filingIdNumber },
          filingNo: `RC-REPLAY-1${{ v2: 'B', v3: 'C', v4: 'D', v5: 'E' }[name.split('-').pop()!] ?? ''}`, // one number per recorded version
          insuredPlace: 'jiangmen',
          type: 'long_term_residence',
          place: { province: '上海市', city: '上海市' },
          materials: ['id_document', 'filing_form'],
          personalPromise: true,
          jurisdiction: 'taishan',
          channel: 'online',
          createdBy: clerk,
          receivedOn: shanghaiDate(await env.currentTimeMs()),
        },
        calendarFrom([]),
      );
      const rc = await env.client.workflow.start(remoteCareFiling, { workflowId: filing.filingId, taskQueue, args: [{ state: filing }] });
      await rc.executeUpdate(filingOpenedUpdate);
      await env.sleep('6 days');
      await act({ action: 'review', approve: true, actor: reviewer });
      await act({ action: 'deliver_materials', materials: ['residence_permit'], actor: clerk });
      await env.sleep('200 days');
      await act({ action: 'cancel', reason: '回放', actor: clerk });
      await rc.result();
      keep(name, await rc.fetchHistory());
    }
    // An online filing on the shared deadline watcher (patch 'remote-care-deadline-watcher'): reminded
    // and breached at its 2-working-day limit, then refused with the reason (000 §29).
    if (missing('remote-care-online-watched-refused')) {
      const idNumber = newIdNumber();
      const filing = openFiling(
        {
          personKey: personKeyOf(idNumber),
          person: { name: '回放', idNumber },
          filingNo: 'RC-REPLAY-2',
          insuredPlace: 'jiangmen',
          type: 'stationed_work',
          place: { province: '上海市', city: '上海市' },
          materials: ['id_document', 'filing_form', 'work_contract'],
          personalPromise: false,
          jurisdiction: 'taishan',
          channel: 'online',
          createdBy: clerk,
          receivedOn: shanghaiDate(await env.currentTimeMs()),
        },
        calendarFrom([]),
      );
      const rc = await env.client.workflow.start(remoteCareFiling, { workflowId: filing.filingId, taskQueue, args: [{ state: filing }] });
      await rc.executeUpdate(filingOpenedUpdate);
      await env.sleep('6 days');
      await rc.executeUpdate(filingActUpdate, {
        args: [{ action: 'review', approve: false, reason: '派驻证明与单位不符', actor: reviewer }],
      });
      await rc.result();
      keep('remote-care-online-watched-refused', await rc.fetchHistory());
    }
    // The same path with the person key only in the input (issue 13 §11): the ID number is in the person register.
    if (missing('remote-care-online-watched-refused-v2')) {
      const idNumber = newIdNumber();
      const filing = openFiling(
        {
          personKey: await recordPerson(prisma, idNumber),
          person: { name: '回放' },
          filingNo: 'RC-REPLAY-3',
          insuredPlace: 'jiangmen',
          type: 'stationed_work',
          place: { province: '上海市', city: '上海市' },
          materials: ['id_document', 'filing_form', 'work_contract'],
          personalPromise: false,
          jurisdiction: 'taishan',
          channel: 'online',
          createdBy: clerk,
          receivedOn: shanghaiDate(await env.currentTimeMs()),
        },
        calendarFrom([]),
      );
      const rc = await env.client.workflow.start(remoteCareFiling, { workflowId: filing.filingId, taskQueue, args: [{ state: filing }] });
      await rc.executeUpdate(filingOpenedUpdate);
      await env.sleep('6 days');
      await rc.executeUpdate(filingActUpdate, {
        args: [{ action: 'review', approve: false, reason: '派驻证明与单位不符', actor: reviewer }],
      });
      await rc.result();
      keep('remote-care-online-watched-refused-v2', await rc.fetchHistory());
    }
    // An emergency visit treated as filed for its admission (000 §27(二)): the run ends once filed
    // (patch 'remote-care-emergency-ends'), nothing can change it.
    if (missing('remote-care-emergency-ended')) {
      const idNumber = newIdNumber();
      const today = shanghaiDate(await env.currentTimeMs());
      const filing = openFiling(
        {
          personKey: await recordPerson(prisma, idNumber),
          person: { name: '回放' },
          filingNo: 'RC-REPLAY-4',
          insuredPlace: 'jiangmen',
          type: 'emergency',
          place: { province: '上海市', city: '上海市' },
          materials: [],
          personalPromise: false,
          jurisdiction: 'taishan',
          channel: 'emergency_flag',
          createdBy: clerk,
          receivedOn: today,
          validityFacts: { admission: { admittedOn: addDays(today, -1) } },
        },
        calendarFrom([]),
      );
      const rc = await env.client.workflow.start(remoteCareFiling, { workflowId: filing.filingId, taskQueue, args: [{ state: filing }] });
      await rc.executeUpdate(filingOpenedUpdate);
      await rc.result();
      keep('remote-care-emergency-ended', await rc.fetchHistory());
    }
    for (const [name, drive] of Object.entries(paths)) {
      if (!missing(name)) continue;
      const { handle: h } = await openServiceCase(env.client, taskQueue, item, clerk);
      await drive(h);
      keep(name, await h.fetchHistory());
    }
    // An online filing: its clock runs from receipt (000 §29); sent back for correction (the clock
    // stops), resubmitted (it resumes with the days left), reviewed and completed.
    // v2: the deadline counts (on receipt, on resubmission) as local activities (patch 'deadline-count-local', issue 19).
    for (const name of ['service-case-online-corrected', 'service-case-online-corrected-v2'].filter(missing)) {
      // a recorded history is never rewritten
      const submitter: Actor = { ...clerk, username: 'taishan.hospital', role: 'institution' };
      const remoteCare = serviceCatalogue.find((i) => i.code === '442189210001')!;
      const online = (await openServiceCase(env.client, taskQueue, remoteCare, submitter, 'online')).handle;
      await online.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: clerk, note: '回放' }] });
      await online.executeUpdate(actUpdate, {
        args: [{ action: 'request_correction', actor: reviewer, missingMaterials: ['备案表'], reason: '回放' }],
      });
      await env.sleep('3 days');
      await online.executeUpdate(actUpdate, { args: [{ action: 'resubmit', actor: submitter }] });
      await online.executeUpdate(actUpdate, { args: [{ action: 'review', actor: reviewer }] });
      await online.executeUpdate(actUpdate, { args: [{ action: 'complete', actor: approver }] });
      await online.result();
      keep(name, await online.fetchHistory());
    }
    // A family bed: applied, approved, closed, settled.
    // v3: each decision sent as the API sends it (patch 'decision-recorded-by-caller'; the close has no effect, so it is answered early).
    const hospital: Actor = { ...clerk, username: 'taishan.hospital', role: 'institution' };
    // v4: and with the events its caller has seen committed (patch 'decision-turn-at-record').
    // v5: one patch marker for the run (the patch baseline, workflows/patches.ts).
    for (const name of ['care-episode-settled-v2', 'care-episode-settled-v3', 'care-episode-settled-v4', 'care-episode-settled-v5'].filter(
      missing,
    )) {
      const today = shanghaiDate(await env.currentTimeMs());
      const bed = await applyOnClient(
        env.client,
        taskQueue,
        hospital,
        { kind: 'family_bed', data: eligibleFamilyBed(newIdNumber(), today) },
        today,
      );
      const act = (command: object) =>
        versionOf(name) >= 3
          ? decideAsApi(bed.handle, episodeActUpdate.name, command, versionOf(name) >= 4)
          : bed.handle.executeUpdate(episodeActUpdate, { args: [command as never] });
      await act({ action: 'approve', actor: reviewer });
      await act({ action: 'close', actor: hospital, ground: 'cured', closedOn: today, certificateNo: 'CB-REPLAY' });
      await act({ action: 'settle', actor: finance });
      await bed.handle.result();
      keep(name, await bed.handle.fetchHistory());
    }

    // A turnover request: adjusted, submitted, approved (posting the transfer). Only while its file is
    // missing: its month (2035-03) opens only once the test server's clock has been carried past it.
    const fiscal: Actor = { username: 'enping.fiscal', role: 'fiscal', jurisdiction: 'enping' };
    if (missing('fund-request-approved-v2')) {
      const enpingFinance: Actor = { username: 'enping.finance', role: 'finance', jurisdiction: 'enping' };
      const requestId = fundRequestId('turnover', 'enping', '2035-03');
      const fund = await env.client.workflow.start(fundRequest, {
        workflowId: requestId,
        taskQueue,
        args: [{ requestId, kind: 'turnover', agency: 'enping', period: '2035-03', startedBy: 'schedule' }],
      });
      await fund.executeUpdate(fundOpenedUpdate);
      await fund.executeUpdate(fundActUpdate, { args: [{ action: 'adjust', actor: enpingFinance, amountFen: 12_345, reason: '回放' }] });
      await fund.executeUpdate(fundActUpdate, { args: [{ action: 'submit', actor: enpingFinance }] });
      await fund.executeUpdate(fundActUpdate, { args: [{ action: 'approve', actor: fiscal }] });
      await fund.result();
      keep('fund-request-approved-v2', await fund.fetchHistory());
    }
    // v3: one patch marker for the run (the patch baseline, workflows/patches.ts), in the month the test server's clock is in.
    if (missing('fund-request-approved-v3')) {
      const enpingFinance: Actor = { username: 'enping.finance', role: 'finance', jurisdiction: 'enping' };
      const period = shanghaiDate(await env.currentTimeMs()).slice(0, 7);
      const requestId = fundRequestId('turnover', 'enping', period);
      const fund = await env.client.workflow.start(fundRequest, {
        workflowId: requestId,
        taskQueue,
        args: [{ requestId, kind: 'turnover', agency: 'enping', period, startedBy: 'schedule' }],
      });
      await fund.executeUpdate(fundOpenedUpdate);
      await decideAsApi(fund, fundActUpdate.name, { action: 'adjust', actor: enpingFinance, amountFen: 12_345, reason: '回放' }, true);
      await decideAsApi(fund, fundActUpdate.name, { action: 'submit', actor: enpingFinance }, true);
      await decideAsApi(fund, fundActUpdate.name, { action: 'approve', actor: fiscal }, true);
      await fund.result();
      keep('fund-request-approved-v3', await fund.fetchHistory());
    }

    // A special-disease certification: certified, suspended, resumed, terminated.
    // v3: its creation recorded by a local activity at the run's start (patch 'opening-record-local', issue 19).
    // v4: each decision's answer carries its record, which the caller writes (patch 'decision-recorded-by-caller'), as the API does.
    // v5: and with the events its caller has seen committed (patch 'decision-turn-at-record').
    // v6: a decision shown committed by the next one runs no record-event (patch 'decision-record-deferred').
    // v7: one patch marker for the run (the patch baseline, workflows/patches.ts).
    for (const name of [
      'special-disease-terminated-v2',
      'special-disease-terminated-v3',
      'special-disease-terminated-v4',
      'special-disease-terminated-v5',
      'special-disease-terminated-v6',
      'special-disease-terminated-v7',
    ].filter(missing)) {
      const idNumber = newIdNumber();
      const certId = certificationId(personKeyOf(idNumber), 'MT002');
      const period = periodFrom(shanghaiDate(await env.currentTimeMs()), 12);
      const cert = await env.client.workflow.start(specialDiseaseCertification, {
        workflowId: certId,
        taskQueue,
        args: [
          {
            recordCreation: true,
            state: newCertification({ idNumber, name: '回放', period, createdBy: hospital }),
          },
        ],
      });
      await cert.executeUpdate(certificationOpenedUpdate);
      for (const action of ['suspend', 'resume', 'terminate'] as const) {
        const command = { action, actor: clerk, reason: '回放' };
        if (versionOf(name) <= 3) await cert.executeUpdate(certificationActUpdate, { args: [command] });
        else await decideAsApi(cert, certificationActUpdate.name, command, versionOf(name) >= 5);
      }
      await cert.result();
      keep(name, await cert.fetchHistory());
    }

    // Only recorded while its file is missing (a renewal at the counter now needs the 000 §16 documents).
    if (missing('special-disease-renewed-v2')) {
      // A certification renewed in its window: the run ends by continuing as new (000 §17).
      const renewedPerson = newIdNumber();
      const renewedId = certificationId(personKeyOf(renewedPerson), 'MT002');
      const renewedPeriod = periodFrom(addDays(shanghaiDate(await env.currentTimeMs()), -355), 12);
      const renewing = await env.client.workflow.start(specialDiseaseCertification, {
        workflowId: renewedId,
        taskQueue,
        args: [
          {
            recordCreation: true,
            state: newCertification({ idNumber: renewedPerson, name: '续期', period: renewedPeriod, createdBy: hospital }),
          },
        ],
      });
      await renewing.executeUpdate(certificationOpenedUpdate);
      await renewing.executeUpdate(certificationActUpdate, { args: [{ action: 'renew', actor: clerk }] });
      const firstRun = env.client.workflow.getHandle(renewedId, renewing.firstExecutionRunId);
      while ((await firstRun.describe()).status.name !== 'CONTINUED_AS_NEW') await new Promise((r) => setTimeout(r, 100));
      keep('special-disease-renewed-v2', await firstRun.fetchHistory());
    }

    // A basic inpatient claim (零星报销): accepted, its 30 working days run out (reminder, breach), reviewed per line, paid, completed.
    // v2: the person key only in the input (issue 13 §11), the ID number in the person register.
    for (const [name, keyed] of [
      ['reimbursement-breached-paid', false],
      ['reimbursement-breached-paid-v2', true],
      ['reimbursement-breached-paid-v3', true], // the notifications written by the record-event (issue 19)
      ['reimbursement-breached-paid-v4', true], // each decision sent as the API sends it (patch 'decision-recorded-by-caller')
      ['reimbursement-breached-paid-v5', true], // and with the events its caller has seen committed (patch 'decision-turn-at-record')
      ['reimbursement-breached-paid-v6', true], // one patch marker for the run (the patch baseline, workflows/patches.ts)
    ] as const) {
      if (!missing(name)) continue;
      const asFiled = basicInpatientClaim(
        shanghaiDate(await env.currentTimeMs()),
        clerk,
        `LX-REPLAY-${versionOf(name)}`, // one number per recorded version
      );
      if (keyed) await recordPerson(prisma, asFiled.person.idNumber!);
      const claim = keyed ? { ...asFiled, person: { name: asFiled.person.name } } : asFiled;
      const rb = await env.client.workflow.start(reimbursementClaim, { workflowId: claim.claimId, taskQueue, args: [{ state: claim }] });
      await rb.executeUpdate(claimOpenedUpdate);
      await env.sleep('50 days');
      const lines = [{ lineNo: 1, payableFen: 70_000, reason: '回放核减' }];
      const act = (command: object) =>
        versionOf(name) >= 4
          ? decideAsApi(rb, claimActUpdate.name, command, versionOf(name) >= 5)
          : rb.executeUpdate(claimActUpdate, { args: [command as never] });
      await act({ action: 'review', actor: reviewer, lines });
      await act({ action: 'disburse', actor: finance });
      await act({ action: 'complete', actor: approver });
      await rb.result();
      keep(name, await rb.fetchHistory());
    }

    // A person's outpatient facility: registered, changed mid-year on moving house; the run then continues as new.
    // v2: the person key only in the input (issue 13 §11), the ID number in the person register.
    for (const [name, keyed] of [
      ['outpatient-facility-chosen-moved', false],
      ['outpatient-facility-chosen-moved-v2', true],
      ['outpatient-facility-chosen-moved-v3', true], // each decision sent as the API sends it (patch 'decision-recorded-by-caller')
      ['outpatient-facility-chosen-moved-v4', true], // and with the events its caller has seen committed (patch 'decision-turn-at-record')
      ['outpatient-facility-chosen-moved-v5', true], // one patch marker for the run (the patch baseline, workflows/patches.ts)
    ] as const) {
      if (!missing(name)) continue;
      const facilityPerson = newIdNumber();
      const facilityKey = keyed ? await recordPerson(prisma, facilityPerson) : personKeyOf(facilityPerson);
      const facilityId = outpatientFacilityId(facilityKey);
      const community = { code: 'H44078111', name: '台山市台城街道社区卫生服务中心', county: '台山市', grade: 1 as const, offsite: false };
      const facility = await env.client.workflow.start(outpatientFacility, {
        workflowId: facilityId,
        taskQueue,
        args: [
          {
            decisionsPerRun: 2,
            state: {
              recordId: facilityId,
              personKey: facilityKey,
              person: keyed ? { name: '回放' } : { name: '回放', idNumber: facilityPerson },
              jurisdiction: 'taishan',
              choices: [],
              version: 0,
            },
          },
        ],
      });
      const act = (command: object) =>
        versionOf(name) >= 3
          ? decideAsApi(facility, facilityActUpdate.name, command, versionOf(name) >= 4)
          : facility.executeUpdate(facilityActUpdate, { args: [command as never] });
      await act({
        action: 'choose',
        actor: clerk,
        channel: 'counter',
        formRef: 'DJ-REPLAY',
        insuranceKind: 'employee',
        facilities: [community],
      });
      await act({
        action: 'change_mid_year',
        actor: clerk,
        channel: 'counter',
        formRef: 'BG-REPLAY',
        insuranceKind: 'employee',
        ground: 'moved_house',
        evidence: '回放',
        facilities: [{ code: 'H44078101', name: '台山市人民医院', county: '台山市', grade: 3, offsite: false }],
      });
      const facilityRun = env.client.workflow.getHandle(facilityId, facility.firstExecutionRunId);
      while ((await facilityRun.describe()).status.name !== 'CONTINUED_AS_NEW') await new Promise((r) => setTimeout(r, 100));
      keep(name, await facilityRun.fetchHistory());
    }

    // Issue 19: a notice at its own moment of the send window (patch 'notice-spread'), then terminated.
    // v2: the delivery started by the record-event, not as a child (patch 'notice-delivery-from-record').
    // v3: its period planned as of the workflow's start, not of its first task (patch 'notice-plan-at-start').
    // v4: one patch marker for the run (the patch baseline, workflows/patches.ts).
    for (const name of [
      'special-disease-notice-spread',
      'special-disease-notice-spread-v2',
      'special-disease-notice-spread-v3',
      'special-disease-notice-spread-v4',
    ].filter(missing)) {
      const spreadPerson = newIdNumber();
      const spreadId = certificationId(personKeyOf(spreadPerson), 'MT002');
      // A period ending in 40 days: "window opens soon" (E−36) is due in 4 days.
      const spreadPeriod = periodFrom(addDays(shanghaiDate(await env.currentTimeMs()), -325), 12);
      const spread = await env.client.workflow.start(specialDiseaseCertification, {
        workflowId: spreadId,
        taskQueue,
        args: [
          {
            recordCreation: true,
            state: newCertification({ idNumber: spreadPerson, name: '错峰', period: spreadPeriod, createdBy: hospital }),
          },
        ],
      });
      await spread.executeUpdate(certificationOpenedUpdate);
      const windowOpensSoon = addDays(spreadPeriod.end, -36);
      await env.sleep(noticeInstant(windowOpensSoon) + 3 * 3600_000 - (await env.currentTimeMs()));
      await spread.executeUpdate(certificationActUpdate, { args: [{ action: 'terminate', actor: clerk, reason: '回放' }] });
      await spread.result();
      keep(name, await spread.fetchHistory());
    }

    // Issue 19: a notice delivered on e-mail, its route looked up first (patch 'notice-channel-queues').
    // v2: the patch asked for through the patch baseline (workflows/patches.ts).
    for (const name of ['notice-delivery-routed', 'notice-delivery-routed-v2'].filter(missing)) {
      const person = personKeyOf(newIdNumber());
      await prisma.personContact.create({
        data: { personKey: person, name: '回放', email: 'replay@example.cn', channels: ['email'], updatedAt: new Date() },
      });
      const written = await prisma.$transaction((tx) =>
        writeNotice(tx, {
          sourceKey: `replay-notice-delivery:${person}`,
          personKey: person,
          jurisdiction: 'taishan',
          caseId: 'replay-notice-delivery',
          template: 'special_disease.window_open',
          params: {
            name: '回放',
            disease: '糖尿病',
            windowOpens: '2026年12月2日',
            lastValidDay: '2026年12月31日',
            graceEnds: '2027年1月30日',
            lapsedOn: '2027年1月31日',
          },
        }),
      );
      const delivery = await env.client.workflow.start(noticeDelivery, {
        workflowId: noticeDeliveryId(written.noticeId),
        taskQueue,
        args: [written],
      });
      await delivery.result();
      keep(name, await delivery.fetchHistory());
    }

    // Issue 19: a change told page by page (change-broadcast): a calendar year no open record
    // reaches, one page a run, so the first run continues as new.
    if (missing('change-broadcast-continued')) {
      const broadcast = await env.client.workflow.start(changeBroadcast, {
        workflowId: 'replay-change-broadcast',
        taskQueue,
        args: [{ change: { kind: 'calendar', year: 2999 }, pageSize: 2, pagesPerRun: 1 }],
      });
      await broadcast.result();
      keep(
        'change-broadcast-continued',
        await env.client.workflow.getHandle('replay-change-broadcast', broadcast.firstExecutionRunId).fetchHistory(),
      );
    }

    // A subsidised enrolment (001 §5(三), §6): enrolled elsewhere, breached at 2 working days, the
    // person moves here (suspension), registered, the year's payment ledger pushed and posted; the
    // identity ends with the year, so nothing more.
    if (missing('subsidised-enrolment-moved-here')) {
      const recipientId = newIdNumber();
      const recipientKey = personKeyOf(recipientId);
      const receivedOn = shanghaiDate(await env.currentTimeMs());
      const year = Number(receivedOn.slice(0, 4));
      await prisma.enrolmentPlatformRecord.create({
        data: {
          key: `replay-known:${recipientKey}`,
          kind: 'enrolment',
          personKey: recipientKey,
          year,
          insuredPlace: 'elsewhere',
          scheme: 'resident',
          payload: { placeName: '广州市' },
          recordedAt: new Date(),
        },
      });
      const enrolment = initialEnrolment({
        identityId: identityId(recipientKey, 'minimum_living', receivedOn),
        personKey: recipientKey,
        person: { name: '回放', idNumber: recipientId },
        agency: 'taishan',
        category: 'minimum_living',
        kind: 'income',
        recognizedOn: receivedOn,
        terminatedOn: `${year}-12-31`,
        receivedOn,
        createdBy: clerk,
      });
      const se = await env.client.workflow.start(subsidisedEnrolment, {
        workflowId: enrolment.enrolmentId,
        taskQueue,
        args: [{ state: enrolment }],
      });
      await se.executeUpdate(enrolmentOpenedUpdate);
      await env.sleep('4 days');
      const contactedOn = shanghaiDate(await env.currentTimeMs());
      await se.executeUpdate(enrolmentActUpdate, { args: [{ action: 'record_choice', choice: 'enrol_here', contactedOn, actor: clerk }] });
      await se.executeUpdate(enrolmentActUpdate, { args: [{ action: 'confirm_suspension', suspendedOn: contactedOn, actor: clerk }] });
      await se.result();
      keep('subsidised-enrolment-moved-here', await se.fetchHistory());
    }

    // The same process with identity changes and continue-as-new (patches subsidised-enrolment-identity-changes,
    // subsidised-enrolment-continue-as-new): enrolled elsewhere, the department pushes a termination
    // (identityChanged), the person moves here, registered and the year paid; the run continues as new.
    if (missing('subsidised-enrolment-identity-changed-continued')) {
      const recipientId = newIdNumber();
      const recipientKey = personKeyOf(recipientId);
      const receivedOn = shanghaiDate(await env.currentTimeMs());
      const year = Number(receivedOn.slice(0, 4));
      await prisma.enrolmentPlatformRecord.create({
        data: {
          key: `replay-known-v2:${recipientKey}`,
          kind: 'enrolment',
          personKey: recipientKey,
          year,
          insuredPlace: 'elsewhere',
          scheme: 'resident',
          payload: { placeName: '广州市' },
          recordedAt: new Date(),
        },
      });
      const enrolment = initialEnrolment({
        identityId: identityId(recipientKey, 'minimum_living', receivedOn),
        personKey: recipientKey,
        person: { name: '回放', idNumber: recipientId },
        agency: 'taishan',
        category: 'minimum_living',
        kind: 'income',
        recognizedOn: receivedOn,
        terminatedOn: null,
        receivedOn,
        createdBy: clerk,
      });
      const se = await env.client.workflow.start(subsidisedEnrolment, {
        workflowId: enrolment.enrolmentId,
        taskQueue,
        args: [{ state: enrolment }],
      });
      await se.executeUpdate(enrolmentOpenedUpdate);
      await se.executeUpdate(identityChangedUpdate, {
        args: [
          {
            identityId: enrolment.identityId,
            version: 2,
            kind: 'income',
            terminatedOn: `${year + 1}-06-30`,
            receivedOn,
            actor: clerk,
          },
        ],
      });
      const contactedOn = shanghaiDate(await env.currentTimeMs());
      await se.executeUpdate(enrolmentActUpdate, { args: [{ action: 'record_choice', choice: 'enrol_here', contactedOn, actor: clerk }] });
      await se.executeUpdate(enrolmentActUpdate, { args: [{ action: 'confirm_suspension', suspendedOn: contactedOn, actor: clerk }] });
      for (let i = 0; i < 200 && (await se.describe()).runId === se.firstExecutionRunId; i++) await new Promise((r) => setTimeout(r, 100));
      keep(
        'subsidised-enrolment-identity-changed-continued',
        await env.client.workflow.getHandle(se.workflowId, se.firstExecutionRunId).fetchHistory(),
      );
      await se.terminate('history recorded');
    }

    // One subsidy a person a year (patch subsidised-enrolment-one-per-person-year, 001 §6): a 低保
    // enrolment pays the person's year; the same person's 低保边缘 enrolment then finds it covered.
    // v2: one patch marker for each run (the patch baseline, workflows/patches.ts).
    for (const name of ['subsidised-enrolment-year-covered', 'subsidised-enrolment-year-covered-v2'].filter(missing)) {
      const recipientId = newIdNumber();
      const recipientKey = personKeyOf(recipientId);
      const receivedOn = shanghaiDate(await env.currentTimeMs());
      const year = Number(receivedOn.slice(0, 4));
      const start = async (category: 'minimum_living' | 'minimum_living_margin') => {
        const enrolment = initialEnrolment({
          identityId: identityId(recipientKey, category, `${year - 1}-12-01`),
          personKey: recipientKey,
          person: { name: '回放' },
          agency: 'taishan',
          category,
          kind: 'income',
          recognizedOn: `${year - 1}-12-01`, // checked on a day of last year: not enrolled, both register this year
          terminatedOn: `${year}-12-31`,
          receivedOn,
          createdBy: clerk,
        });
        const h = await env.client.workflow.start(subsidisedEnrolment, {
          workflowId: enrolment.enrolmentId,
          taskQueue,
          args: [{ state: enrolment }],
        });
        await h.executeUpdate(enrolmentOpenedUpdate);
        return h;
      };
      await recordPerson(prisma, recipientId);
      const payer = await start('minimum_living');
      const yearTaken = () => prisma.personYearSubsidy.findUnique({ where: { personKey_year: { personKey: recipientKey, year } } });
      for (let i = 0; i < 200 && !(await yearTaken()); i++) await new Promise((r) => setTimeout(r, 100));
      const second = await start('minimum_living_margin');
      const covered = async () => {
        const row = await prisma.subsidisedEnrolment.findUnique({ where: { id: second.workflowId } });
        return JSON.stringify(row?.record ?? {}).includes('"covered"');
      };
      for (let i = 0; i < 200 && !(await covered()); i++) await new Promise((r) => setTimeout(r, 100));
      keep(name, await env.client.workflow.getHandle(second.workflowId, second.firstExecutionRunId).fetchHistory());
      for (const h of [payer, second]) await h.terminate('history recorded').catch(() => undefined);
    }
  });
  await env.teardown();
  await prisma.$disconnect();
}

// A history is a fixture, like a migration: never re-recorded, only added (see README "Replay histories").
const historyFiles = readdirSync(historiesDir)
  .filter((f) => f.endsWith('.json'))
  .sort();

test('there is a recorded history for every process', () => {
  for (const prefix of [
    'service-case-',
    'care-episode-',
    'fund-request-',
    'special-disease-',
    'remote-care-',
    'outpatient-facility-',
    'subsidised-enrolment-',
    'reimbursement-',
  ]) {
    expect(historyFiles.some((f) => f.startsWith(prefix))).toBe(true);
  }
});

test.each(historyFiles)(
  '%s replays against the current workflow code',
  async (file) => {
    const history = JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8'));
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file.replace(/\.json$/, ''));
  },
  120_000,
);

test('a deliberately incompatible change to a workflow fails replay', async () => {
  const history = JSON.parse(readFileSync(path.join(historiesDir, 'fund-request-approved.json'), 'utf8'));
  const incompatible = await bundleWorkflowCode({
    workflowsPath: require.resolve('../support/incompatible/workflows'),
    logger: silentBundler,
  });
  await expect(Worker.runReplayHistory({ workflowBundle: incompatible }, history, 'incompatible')).rejects.toBeInstanceOf(
    DeterminismViolationError,
  );
}, 120_000);

// RECORD_NEW_HISTORIES=1 records the paths below whose file does not exist yet (never an existing one).
if (process.env.RECORD_NEW_HISTORIES === '1') {
  beforeAll(() => recordNew(), 300_000);
}
