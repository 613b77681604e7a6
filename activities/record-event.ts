/**
 * The one record-event activity of every process (the decision path's "persist" step). In one
 * transaction it applies the event's effects (a bed's occupancy, the ledger posting of an approved
 * fund request, a notice to the insured person), writes the process's read-model row exactly as
 * the workflow's state says, and appends the audit event.
 *
 * Idempotent for the same event only: a repeat with the same workflow, sequence number and content
 * (its digest) is a retry and answers the first outcome; a different event under a sequence number
 * already used is a loud, non-retryable EVENT_SEQUENCE_CONFLICT, never a silent skip.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Logger } from 'pino';
import type { EpisodeState } from '../domain/care-process';
import type { CertificationState } from '../domain/certification';
import { shanghaiDate } from '../domain/dates';
import type { FundRequestState } from '../domain/fund-request';
import type { OutpatientFacilityState } from '../domain/outpatient-facility';
import type { ProcessName } from '../domain/processes';
import type { FilingState } from '../domain/remote-care-filing';
import type { ClaimState } from '../domain/reimbursement';
import type { ServiceCaseState } from '../domain/service-case';
import type { NoticeKind } from '../domain/special-disease';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { isSystemActor } from '../domain/people';
import type { ActivityDeps } from './index';
import { type AuditedEvent, appendAuditEvent } from './audit';
import { type Occupancy, applyOccupancy, episodeSummary, writeEpisodeRow } from './care-episode';
import { fundSummary, fundTransferDraft, writeFundRow } from './fund';
import { postJournalEntryInTransaction } from '../store/ledger';
import { outpatientFacilitySummary, writeOutpatientFacilityRow } from './outpatient-facility';
import { type NotifyInput, auditSummary, writeCaseRow, writeStaffNotification } from './service-case';
import { filingSummary, writeFilingNotice, writeFilingRow } from './remote-care';
import type { SubsidisedEnrolmentState } from '../domain/subsidised-enrolment';
import { enrolmentSummary, postSubsidy, writeEnrolmentRow, writePaymentLedger } from './subsidised-enrolment';
import { claimSummary, postAssistancePayment, releaseInvoices, writeClaimRow } from './reimbursement';
import { certificationSummary, writeCertificationNotice, writeCertificationRow } from './special-disease';
import { type NoticeSender, createNoticeSender, deliverAfterCommit, startDeliveryWorkflow } from './notices';

/** What an event does besides its row and audit line, in the same transaction. */
export type RecordEffect =
  | { kind: 'occupancy'; occupancy: Occupancy }
  | { kind: 'fund_transfer'; postedBy: string }
  | { kind: 'notice'; notice: NoticeKind }
  /** a remote-care filing's notice to the person (expiry of a temporary filing, 000 §30) */
  | { kind: 'filing_notice'; notice: 'expiring_soon' | 'expired' }
  /** a subsidised enrolment's payment ledger (缴费台账, 001 §6) into the outbox to the collection department */
  | { kind: 'payment_ledger'; year: number; onePerPersonYear?: boolean }
  /** the subsidy of a delivered ledger posted by the 资助参保支出 rule (001 §19) */
  | { kind: 'subsidy_posting'; year: number; postedBy: string }
  /** a reimbursement claim's assistance payment: the ledger posting from 支出户 (001 §19) */
  | { kind: 'assistance_payment'; postedBy: string }
  /** a rejected reimbursement claim gives its invoices back */
  | { kind: 'release_invoices' }
  /** the workbench notification the event causes (a deadline's reminder or breach), any process */
  | { kind: 'staff_notification'; notification: NotifyInput };

export type RecordOutcome =
  | { ok: true; entryId?: string; ledgerId?: string; notice?: { noticeId: string; channels: string[] } }
  /**
   * nothing written: the person's bed is held by another episode (000 §10–§12), or the person's year
   * is subsidised through another enrolment (001 §6); occupiedBy names that record
   */
  | { ok: false; code: 'PERSON_HAS_OPEN_BED' | 'PERSON_YEAR_SUBSIDISED'; occupiedBy: string };

type States = {
  service_case: ServiceCaseState;
  care_episode: EpisodeState;
  special_disease: CertificationState;
  fund_request: FundRequestState;
  remote_care: FilingState;
  outpatient_facility: OutpatientFacilityState;
  subsidised_enrolment: SubsidisedEnrolmentState;
  reimbursement: ClaimState;
};

export type RecordEventInput<P extends ProcessName = ProcessName> = {
  [K in P]: {
    process: K;
    state: States[K];
    event: AuditedEvent<States[K]>;
    effects?: RecordEffect[];
    /**
     * start the delivery of the notice the event wrote (its channels), once it is committed, here
     * rather than by the workflow as a child (patch 'notice-delivery-from-record')
     */
    deliverNotice?: boolean;
    /** the workflow answered the decision with this record, for its caller to write (see decide in workflows/decision-path.ts) */
    recordedByCaller?: boolean;
  };
}[P];

interface ReadModel<S> {
  id(s: S): string;
  summary(s: S): object;
  write(tx: Prisma.TransactionClient, s: S, at: string): Promise<void>;
}

/** Each process's read model: the only process-specific part of recording. */
const readModels: { [K in ProcessName]: ReadModel<States[K]> } = {
  service_case: { id: (s) => s.caseId, summary: auditSummary, write: writeCaseRow },
  care_episode: { id: (s) => s.episodeId, summary: episodeSummary, write: writeEpisodeRow },
  special_disease: { id: (s) => s.certificationId, summary: certificationSummary, write: writeCertificationRow },
  fund_request: { id: (s) => s.requestId, summary: fundSummary, write: writeFundRow },
  remote_care: { id: (s) => s.filingId, summary: filingSummary, write: writeFilingRow },
  outpatient_facility: { id: (s) => s.recordId, summary: outpatientFacilitySummary, write: writeOutpatientFacilityRow },
  subsidised_enrolment: { id: (s) => s.enrolmentId, summary: enrolmentSummary, write: writeEnrolmentRow },
  reimbursement: { id: (s) => s.claimId, summary: claimSummary, write: writeClaimRow },
};

/** The content an event is recognised by: what happened, by whom, when, and the state it produced. */
export function eventDigest(input: RecordEventInput): string {
  const { event, state } = input;
  const content = { action: event.action, actor: event.actor, at: event.at, reason: event.reason ?? null, seq: event.seq, state };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

function currentRunId(): string | null {
  try {
    return Context.current().info.workflowExecution?.runId ?? null;
  } catch {
    return null; // called outside an activity (a test or a script)
  }
}

export function createRecordEventActivities(deps: ActivityDeps) {
  const { prisma, logger } = deps;
  const sender = createNoticeSender(deps);
  const record = (input: RecordEventInput) => recordEvent(prisma, logger, input, currentRunId(), sender);
  return {
    recordEvent: record,

    // The activities of runs started before the one record-event activity (patch 'one-record-event'):
    // the same implementation under their old names and shapes, so those runs finish correctly.
    async recordCaseEvent(input: { state: ServiceCaseState; event: AuditedEvent<ServiceCaseState> }): Promise<void> {
      await record({ process: 'service_case', ...input });
    },
    async recordEpisodeEvent(input: {
      state: EpisodeState;
      event: AuditedEvent<EpisodeState>;
      occupancy?: Occupancy;
    }): Promise<{ ok: true } | { ok: false; occupiedBy: string }> {
      const outcome = await record({
        process: 'care_episode',
        state: input.state,
        event: input.event,
        effects: input.occupancy ? [{ kind: 'occupancy', occupancy: input.occupancy }] : [],
      });
      return outcome.ok ? { ok: true } : { ok: false, occupiedBy: outcome.occupiedBy };
    },
    async recordCertificationEvent(input: {
      state: CertificationState;
      event: AuditedEvent<CertificationState>;
      notice?: NoticeKind;
    }): Promise<{ notice: { noticeId: string; channels: string[] } | null }> {
      const outcome = await record({
        process: 'special_disease',
        state: input.state,
        event: input.event,
        effects: input.notice ? [{ kind: 'notice', notice: input.notice }] : [],
      });
      return { notice: (outcome.ok && outcome.notice) || null };
    },
    async recordFundEvent(input: { state: FundRequestState; event: AuditedEvent<FundRequestState> }): Promise<void> {
      await record({ process: 'fund_request', ...input });
    },
  };
}

/**
 * Records an event. Called by the record-event activity, and by the API for a decision it records
 * itself (see DecisionDelivery in workflows/decision-path.ts), `runId` then naming the deciding run.
 * When the two write the same event at once, the second waits at the audit line's unique sequence
 * number for the first's commit and answers a repeat (an event with effects: its transaction fails
 * on the key and is tried once more, which then finds it); a different event under that number is
 * refused.
 */
export async function recordEvent(
  prisma: PrismaClient,
  logger: Logger,
  input: RecordEventInput,
  runId: string | null = currentRunId(),
  /** sends a timer's notice after the commit (deliverAfterCommit); without it, the delivery workflow does */
  sender?: NoticeSender,
): Promise<RecordOutcome> {
  try {
    return await recordEventOnce(prisma, logger, input, runId, sender);
  } catch (e) {
    if (!isSequenceTaken(e)) throw e;
    return recordEventOnce(prisma, logger, input, runId, sender);
  }
}

/**
 * A unique key was taken meanwhile (Prisma's P2002): the audit log's (case, sequence number) by a
 * concurrent writer of the same event. Any other key taken is taken again in the second try, and thrown.
 */
const isSequenceTaken = (e: unknown): boolean => (e as { code?: string } | null)?.code === 'P2002';

async function recordEventOnce(
  prisma: PrismaClient,
  logger: Logger,
  input: RecordEventInput,
  runId: string | null,
  sender: NoticeSender | undefined,
): Promise<RecordOutcome> {
  const model = readModels[input.process] as unknown as ReadModel<unknown>;
  const state = input.state as never;
  const caseId = model.id(state);
  const digest = eventDigest(input);
  const { event } = input;
  /** Whether the event is written already (a repeat); a different event under its sequence number is refused. */
  const writtenAlready = async (db: Prisma.TransactionClient): Promise<boolean> => {
    const written = await db.auditEvent.findUnique({
      where: { caseId_seq: { caseId, seq: event.seq } },
      select: { digest: true, action: true },
    });
    if (!written) return false;
    // Rows written before digests existed are recognised by their action.
    const same = written.digest === null ? written.action === event.action : written.digest === digest;
    if (!same) {
      throw ApplicationFailure.create({
        type: 'EVENT_SEQUENCE_CONFLICT',
        nonRetryable: true,
        message: `${caseId} 的第 ${event.seq} 号事件已记录为「${written.action}」，不能再记录为「${event.action}」`,
        details: [{ caseId, seq: event.seq, recorded: written.action, attempted: event.action }],
      });
    }
    return true;
  };
  // The record-event of a decision its caller recorded finds it with one read, without a transaction.
  if (input.recordedByCaller && (await writtenAlready(prisma))) return afterCommit({ ok: true }, true); // it has no effects (recordableByCaller)
  const outcome = await prisma.$transaction(async (tx): Promise<RecordOutcome & { repeat?: boolean }> => {
    if (!input.effects?.length) {
      // No effects: the audit line first. A concurrent writer of the same event (the API and the
      // record-event) waits here for the other's commit and finds its line: nothing to try again.
      const appended = await appendAuditEvent(
        tx,
        caseId,
        event as AuditedEvent<unknown>,
        model.summary,
        state,
        { digest, runId },
        { ifAbsent: true },
      );
      if (!appended) return { ok: true, repeat: await writtenAlready(tx) }; // refuses a different event under its number
      await model.write(tx, state, event.at);
      return { ok: true };
    }
    if (await writtenAlready(tx)) return { ...(await repeatOutcome(tx, input)), repeat: true };
    const result: RecordOutcome = { ok: true };
    for (const effect of input.effects ?? []) {
      if (effect.kind === 'occupancy' && input.process === 'care_episode') {
        const claimed = await applyOccupancy(tx, input.state, effect.occupancy, event.at);
        if (!claimed.ok) return { ok: false, code: 'PERSON_HAS_OPEN_BED', occupiedBy: claimed.occupiedBy }; // nothing written
      } else if (effect.kind === 'fund_transfer' && input.process === 'fund_request') {
        result.entryId = await postFundTransfer(tx, input.state, effect.postedBy, event.at);
      } else if (effect.kind === 'notice' && input.process === 'special_disease') {
        result.notice = await writeCertificationNotice(tx, input.state, effect.notice);
      } else if (effect.kind === 'filing_notice' && input.process === 'remote_care') {
        result.notice = await writeFilingNotice(tx, input.state, effect.notice);
      } else if (effect.kind === 'payment_ledger' && input.process === 'subsidised_enrolment') {
        const written = await writePaymentLedger(tx, input.state, effect.year, event.at, effect.onePerPersonYear);
        if ('coveredBy' in written) return { ok: false, code: 'PERSON_YEAR_SUBSIDISED', occupiedBy: written.coveredBy }; // nothing written
        result.ledgerId = written.ledgerId;
      } else if (effect.kind === 'subsidy_posting' && input.process === 'subsidised_enrolment') {
        result.entryId = await postSubsidy(tx, input.state, effect.year, effect.postedBy, event.at);
      } else if (effect.kind === 'assistance_payment' && input.process === 'reimbursement') {
        result.entryId = await postAssistancePayment(tx, input.state, effect.postedBy, event.at);
      } else if (effect.kind === 'release_invoices' && input.process === 'reimbursement') {
        await releaseInvoices(tx, input.state);
      } else if (effect.kind === 'staff_notification') {
        await writeStaffNotification(tx, effect.notification, new Date(event.at));
      } else {
        throw ApplicationFailure.create({
          type: 'EFFECT_NOT_ALLOWED',
          nonRetryable: true,
          message: `${input.process} 不能有 ${effect.kind}`,
        });
      }
    }
    // The read model shows the posted entry (the state carries it from the outcome on).
    const after =
      result.entryId && input.process === 'fund_request'
        ? { ...input.state, entryId: result.entryId }
        : result.entryId && input.process === 'subsidised_enrolment'
          ? withPostedSubsidy(input.state, input.effects ?? [], result.entryId)
          : result.entryId && input.process === 'reimbursement' && input.state.payment
            ? { ...input.state, payment: { ...input.state.payment, entryId: result.entryId } }
            : state;
    await model.write(tx, after, event.at);
    await appendAuditEvent(tx, caseId, event as AuditedEvent<unknown>, model.summary, after, { digest, runId });
    return result;
  });
  const { repeat, ...answer } = outcome as RecordOutcome & { repeat?: boolean };
  return afterCommit(answer, repeat === true);

  async function afterCommit(answer: RecordOutcome, repeat: boolean): Promise<RecordOutcome> {
    // After the commit, and on a repeat too: a start lost to a crash between the two is made by the retry.
    if (input.deliverNotice && answer.ok && answer.notice?.channels.length) {
      const { client, info } = Context.current();
      // A clerk's decision does not wait on a gateway: only a timer's notice is sent here.
      if (sender && isSystemActor(input.event.actor)) await deliverAfterCommit(sender, client, info.taskQueue, answer.notice);
      else await startDeliveryWorkflow(client, info.taskQueue, answer.notice);
    }
    if (answer.ok && !repeat) {
      logger
        .child({ workflowId: caseId })
        .info({ process: input.process, action: event.action, seq: event.seq, actor: event.actor.username }, 'event recorded');
    }
    return answer;
  }
}

/** The outcome of an event already recorded (a retried activity): found again, nothing written. */
async function repeatOutcome(tx: Prisma.TransactionClient, input: RecordEventInput): Promise<RecordOutcome> {
  const result: RecordOutcome = { ok: true };
  for (const effect of input.effects ?? []) {
    if (effect.kind === 'fund_transfer' && input.process === 'fund_request') {
      const row = await tx.fundRequest.findUnique({ where: { id: input.state.requestId }, select: { entryId: true } });
      if (row?.entryId != null) result.entryId = String(row.entryId);
    } else if (effect.kind === 'notice' && input.process === 'special_disease') {
      result.notice = await writeCertificationNotice(tx, input.state, effect.notice); // found by its source key
    } else if (effect.kind === 'filing_notice' && input.process === 'remote_care') {
      result.notice = await writeFilingNotice(tx, input.state, effect.notice);
    } else if (effect.kind === 'payment_ledger' && input.process === 'subsidised_enrolment') {
      const found = await writePaymentLedger(tx, input.state, effect.year, input.event.at, effect.onePerPersonYear); // by its source key
      if ('ledgerId' in found) result.ledgerId = found.ledgerId;
    } else if (effect.kind === 'subsidy_posting' && input.process === 'subsidised_enrolment') {
      const y = input.state.years.find((x) => x.year === effect.year);
      const row = y && (await tx.paymentLedgerPush.findUnique({ where: { sourceKey: y.ledgerKey }, select: { entryId: true } }));
      if (row?.entryId != null) result.entryId = String(row.entryId);
    } else if (effect.kind === 'assistance_payment' && input.process === 'reimbursement') {
      const row = await tx.reimbursementClaim.findUnique({ where: { id: input.state.claimId }, select: { entryId: true } });
      if (row?.entryId != null) result.entryId = String(row.entryId);
    }
  }
  return result;
}

/** The enrolment as its posting left it: the posted year carries its entry (the workflow does the same from the outcome). */
function withPostedSubsidy(s: SubsidisedEnrolmentState, effects: RecordEffect[], entryId: string): SubsidisedEnrolmentState {
  const posted = effects.find((e) => e.kind === 'subsidy_posting');
  if (!posted || posted.kind !== 'subsidy_posting') return s;
  return { ...s, years: s.years.map((y) => (y.year === posted.year ? { ...y, entryId } : y)) };
}

/** 001 §20–§21: the approved amount leaves the fiscal special account; 0.00 yuan posts nothing. */
async function postFundTransfer(
  tx: Prisma.TransactionClient,
  s: FundRequestState,
  postedBy: string,
  at: string,
): Promise<string | undefined> {
  if (s.amountFen === 0) return undefined;
  return postJournalEntryInTransaction(tx, fundTransferDraft(s, shanghaiDate(Date.parse(at))), postedBy, new Date(at));
}
