/**
 * Side effects of subsidised enrolment (资助参保, 001 §5–§6): its read-model row, the payment
 * ledger (缴费台账) written to the outbox with the event that generates it, its delivery to the
 * collection department (征缴部门), the 资助参保支出 posting once delivered, and the national
 * platform (国医平台) behind one interface.
 *
 * The platform and the collection department are outside this service. `EnrolmentPlatform` and
 * `CollectionDepartment` are the contracts a real adapter implements; the embedded stand-in
 * (`standInPlatform`) keeps what was sent, and the enrolments it knows, in EnrolmentPlatformRecord,
 * so the process runs end to end here.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from 'pino';
import type { IsoDate } from '../domain/dates';
import { shanghaiDate } from '../domain/dates';
import { postSubsidisedEnrolmentPayment } from '../domain/ledger';
import {
  type EnrolmentCheck,
  type SubsidisedEnrolmentState,
  type SubsidyIdentity,
  type SubsidyPolicy,
  defaultCollectionPolicy,
  personSubsidy,
  defaultSubsidyPolicy,
  subsidyFen,
} from '../domain/subsidised-enrolment';
import type { RecipientCategory } from '../domain/assistance-recipient';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { postJournalEntryInTransaction } from '../store/ledger';
import { idNumberOf } from '../store/persons';
import { policyValue } from '../store/policy';

/** What the agency sends the national platform to register a recipient for resident insurance (001 §5(一)). */
export interface RegistrationRequest {
  /** idempotency key: the same registration sent twice is one */
  registrationKey: string;
  personKey: string;
  idNumber: string;
  name: string;
  year: number;
  /** the identity the platform marks (标识其人员身份类别) */
  category: RecipientCategory;
  agency: string;
}

/** The national platform (国医平台) as this service uses it. */
export interface EnrolmentPlatform {
  /** 001 §5: the person's basic-insurance enrolment on `asOf` */
  enrolmentOn(q: { personKey: string; idNumber: string; asOf: IsoDate }): Promise<EnrolmentCheck>;
  /** registers resident insurance for the year; the same registrationKey again answers the first registration */
  register(r: RegistrationRequest): Promise<{ platformRef: string }>;
}

/** 缴费台账 as the collection department receives it (001 §6: 参保信息、资助标准). */
export interface PaymentLedgerPayload {
  ledgerKey: string;
  agency: string;
  year: number;
  person: { name: string; idNumber: string };
  category: RecipientCategory;
  amountFen: number;
  registrationRef: string | null;
}

/** The collection department (征缴部门): receives a ledger once per key. */
export interface CollectionDepartment {
  receiveLedger(l: PaymentLedgerPayload): Promise<{ receiptRef: string }>;
}

type StandInDb = Pick<PrismaClient, 'enrolmentPlatformRecord'>;

/** The embedded stand-in of both: it records what it is sent and answers from what it holds. */
export function standInPlatform(prisma: StandInDb): EnrolmentPlatform & CollectionDepartment {
  const record = async (key: string, data: Omit<Prisma.EnrolmentPlatformRecordCreateInput, 'key' | 'recordedAt'>) => {
    const found = await prisma.enrolmentPlatformRecord.findUnique({ where: { key } });
    if (found) return found;
    try {
      return await prisma.enrolmentPlatformRecord.create({ data: { key, ...data, recordedAt: new Date() } });
    } catch {
      return prisma.enrolmentPlatformRecord.findUniqueOrThrow({ where: { key } });
    }
  };
  return {
    async enrolmentOn({ personKey, asOf }) {
      const year = Number(asOf.slice(0, 4));
      const rows = await prisma.enrolmentPlatformRecord.findMany({
        where: { personKey, kind: 'enrolment', year },
        orderBy: { id: 'desc' },
      });
      // an employee enrolment outranks a resident one (one cannot hold both in one year)
      const row = rows.find((r) => r.scheme === 'employee') ?? rows[0];
      if (!row) return { asOf, scheme: 'none', place: null, placeName: null };
      const payload = row.payload as { placeName?: string };
      return {
        asOf,
        scheme: row.scheme === 'employee' ? 'employee' : 'resident',
        place: row.insuredPlace === 'jiangmen' ? 'here' : 'elsewhere',
        placeName: row.insuredPlace === 'jiangmen' ? '江门市' : (payload.placeName ?? null),
      };
    },
    async register(r) {
      const row = await record(`registration:${r.registrationKey}`, {
        kind: 'enrolment',
        personKey: r.personKey,
        year: r.year,
        insuredPlace: 'jiangmen',
        scheme: 'resident',
        payload: { ...r, idNumber: undefined, subsidised: true } as unknown as Prisma.InputJsonValue,
      });
      return { platformRef: `GY-${row.id}` };
    },
    async receiveLedger(l) {
      const row = await record(`ledger:${l.ledgerKey}`, {
        kind: 'payment_ledger',
        personKey: l.ledgerKey.split(':')[1] ?? '',
        year: l.year,
        payload: { ...l, person: { name: l.person.name } } as unknown as Prisma.InputJsonValue,
      });
      return { receiptRef: `ZJ-${row.id}` };
    },
  };
}

export function enrolmentSummary(s: SubsidisedEnrolmentState) {
  return {
    status: s.status,
    path: s.path,
    registration: s.registration,
    years: s.years.map((y) => ({ year: y.year, amountFen: y.amountFen, delivery: y.delivery, entryId: y.entryId })),
  };
}

export async function writeEnrolmentRow(tx: Prisma.TransactionClient, s: SubsidisedEnrolmentState, at: string): Promise<void> {
  const row = {
    identityId: s.identityId,
    personKey: s.personKey,
    personName: s.person.name,
    idNumber: await idNumberOf(tx, { idNumber: s.person.idNumber, personKey: s.personKey }),
    agency: s.agency,
    category: s.category,
    receivedOn: s.receivedOn,
    status: s.status,
    path: s.path,
    dueDate: s.deadline?.dueDate ?? null,
    breachedAt: s.breachedAt ? new Date(s.breachedAt) : null,
    record: { ...s, person: { name: s.person.name } } as unknown as Prisma.InputJsonValue,
    version: s.version,
    updatedAt: new Date(at),
  };
  await tx.subsidisedEnrolment.upsert({ where: { id: s.enrolmentId }, create: { id: s.enrolmentId, ...row }, update: row });
}

/**
 * 001 §6: the year's payment ledger, written to the outbox in the event's transaction (once per key).
 * It takes the person's year (PersonYearSubsidy, keyed by person and year): when another enrolment of
 * the person holds it, `onePerPersonYear` runs write nothing and answer who covered it (runs started
 * before that rule write their ledger as they always did). Two concurrent transactions cannot both
 * take it: the second fails on the key, is retried, and finds the first.
 */
export async function writePaymentLedger(
  tx: Prisma.TransactionClient,
  s: SubsidisedEnrolmentState,
  year: number,
  at: string,
  onePerPersonYear = false,
): Promise<{ ledgerId: string } | { coveredBy: string }> {
  const y = s.years.find((x) => x.year === year);
  if (!y) throw new Error(`no subsidised year ${year} in ${s.enrolmentId}`);
  const taken = await tx.personYearSubsidy.findUnique({ where: { personKey_year: { personKey: s.personKey, year } } });
  if (taken && taken.ledgerKey !== y.ledgerKey && onePerPersonYear) return { coveredBy: taken.enrolmentId };
  if (!taken) {
    await tx.personYearSubsidy.create({
      data: {
        personKey: s.personKey,
        year,
        enrolmentId: s.enrolmentId,
        ledgerKey: y.ledgerKey,
        category: y.category ?? s.category,
        amountFen: BigInt(y.amountFen),
        createdAt: new Date(at),
      },
    });
  }
  return { ledgerId: await writeLedgerRow(tx, s, y, at) };
}

async function writeLedgerRow(
  tx: Prisma.TransactionClient,
  s: SubsidisedEnrolmentState,
  y: SubsidisedEnrolmentState['years'][number],
  at: string,
) {
  const year = y.year;
  const payload: PaymentLedgerPayload = {
    ledgerKey: y.ledgerKey,
    agency: s.agency,
    year,
    person: { name: s.person.name, idNumber: await idNumberOf(tx, { idNumber: s.person.idNumber, personKey: s.personKey }) },
    category: y.category ?? s.category,
    amountFen: y.amountFen,
    registrationRef: s.registration?.platformRef ?? null,
  };
  const found = await tx.paymentLedgerPush.findUnique({ where: { sourceKey: y.ledgerKey }, select: { id: true } });
  if (found) return String(found.id);
  const row = await tx.paymentLedgerPush.create({
    data: {
      sourceKey: y.ledgerKey,
      enrolmentId: s.enrolmentId,
      agency: s.agency,
      personKey: s.personKey,
      year,
      category: y.category ?? s.category,
      amountFen: BigInt(y.amountFen),
      payload: payload as unknown as Prisma.InputJsonValue,
      status: 'pending',
      createdAt: new Date(at),
    },
    select: { id: true },
  });
  return String(row.id);
}

/**
 * 001 §19 "其他需医疗救助支付的费用（含医疗救助资助参保）": the subsidy paid from the expenditure
 * account, posted by the ledger's rule (Dr 资助参保支出 / Cr 支出户存款) once per ledger.
 */
export async function postSubsidy(tx: Prisma.TransactionClient, s: SubsidisedEnrolmentState, year: number, postedBy: string, at: string) {
  const y = s.years.find((x) => x.year === year);
  if (!y) throw new Error(`no subsidised year ${year} in ${s.enrolmentId}`);
  if (y.amountFen === 0) return undefined;
  const entryId = await postJournalEntryInTransaction(
    tx,
    postSubsidisedEnrolmentPayment({ agency: s.agency, date: shanghaiDate(Date.parse(at)), amountFen: y.amountFen, ref: y.ledgerKey }),
    postedBy,
    new Date(at),
  );
  await tx.paymentLedgerPush.update({ where: { sourceKey: y.ledgerKey }, data: { entryId: BigInt(entryId) } });
  return entryId;
}

export function createSubsidisedEnrolmentActivities(deps: {
  prisma: PrismaClient;
  logger: Logger;
  platform?: EnrolmentPlatform & CollectionDepartment;
}) {
  const { prisma, logger } = deps;
  const platform = deps.platform ?? standInPlatform(prisma);
  return {
    /** 001 §5: the enrolment on the day before recognition, from the national platform. */
    async checkEnrolment(q: { personKey: string; idNumber?: string; asOf: IsoDate }): Promise<EnrolmentCheck> {
      return platform.enrolmentOn({ ...q, idNumber: await idNumberOf(prisma, q) });
    },
    async registerEnrolment(r: Omit<RegistrationRequest, 'idNumber'> & { idNumber?: string }): Promise<{ platformRef: string }> {
      return platform.register({ ...r, idNumber: await idNumberOf(prisma, r) });
    },
    /** The identity as it stands now (a termination pushed since ends the subsidy of later years). */
    async currentIdentity(q: { identityId: string }): Promise<{ terminatedOn: IsoDate | null } | null> {
      const row = await prisma.assistanceIdentity.findUnique({ where: { id: q.identityId }, select: { terminatedOn: true } });
      return row ? { terminatedOn: row.terminatedOn } : null;
    },
    /** 资助标准 of a year and category (policy `assistance.subsidy.<year>`), and the collection period (`assistance.collectionPeriod`). */
    async subsidyFor(q: { year: number; category: RecipientCategory }): Promise<{ amountFen: number }> {
      const policy = await policyValue<SubsidyPolicy>(prisma, `assistance.subsidy.${q.year}`, defaultSubsidyPolicy);
      return { amountFen: subsidyFen(q.category, policy) };
    },
    /**
     * 001 §6: the person's subsidy for the year, at the highest standard of their identities that
     * hold in it (personSubsidy; the enrolment's own identity always counts).
     */
    async personSubsidyFor(q: {
      personKey: string;
      year: number;
      identity: SubsidyIdentity;
    }): Promise<{ amountFen: number; category: RecipientCategory }> {
      const policy = await policyValue<SubsidyPolicy>(prisma, `assistance.subsidy.${q.year}`, defaultSubsidyPolicy);
      const rows = await prisma.assistanceIdentity.findMany({
        where: { personKey: q.personKey },
        select: { category: true, recognizedOn: true, terminatedOn: true },
      });
      const identities = [q.identity, ...rows.map((r) => ({ ...r, category: r.category as RecipientCategory }))];
      return (
        personSubsidy(identities, q.year, policy) ?? { amountFen: subsidyFen(q.identity.category, policy), category: q.identity.category }
      );
    },
    async collectionPolicy(): Promise<typeof defaultCollectionPolicy> {
      return policyValue(prisma, 'assistance.collectionPeriod', defaultCollectionPolicy);
    },
    /** Delivers one ledger of the outbox to the collection department, at most once ('already_sent'). */
    async deliverPaymentLedger(q: { ledgerKey: string }): Promise<'sent' | 'already_sent'> {
      const row = await prisma.paymentLedgerPush.findUnique({ where: { sourceKey: q.ledgerKey } });
      if (!row)
        throw ApplicationFailure.create({ type: 'LEDGER_NOT_FOUND', nonRetryable: true, message: `缴费台账 ${q.ledgerKey} 不存在` });
      if (row.status === 'sent') return 'already_sent';
      await prisma.paymentLedgerPush.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } });
      try {
        await platform.receiveLedger(row.payload as unknown as PaymentLedgerPayload);
      } catch (e) {
        await prisma.paymentLedgerPush.update({ where: { id: row.id }, data: { lastError: e instanceof Error ? e.message : String(e) } });
        throw e;
      }
      await prisma.paymentLedgerPush.update({ where: { id: row.id }, data: { status: 'sent', sentAt: new Date(), lastError: null } });
      logger.info({ ledgerKey: q.ledgerKey, year: row.year }, 'payment ledger delivered');
      return 'sent';
    },
    /** 附件2: the objection period of a disclosure is over (its timer fired); the unanswered objections counted. */
    async closeObjectionPeriod(q: { disclosureId: string }): Promise<{ unanswered: number }> {
      await prisma.assistanceDisclosure.updateMany({
        where: { id: q.disclosureId, objectionClosedAt: null },
        data: { objectionClosedAt: new Date() },
      });
      return { unanswered: await prisma.disclosureObjection.count({ where: { disclosureId: q.disclosureId, answer: null } }) };
    },
    async markPaymentLedgerFailed(q: { ledgerKey: string; error: string }): Promise<void> {
      await prisma.paymentLedgerPush.update({
        where: { sourceKey: q.ledgerKey },
        data: { status: 'failed', lastError: q.error.slice(0, 500) },
      });
    },
  };
}
