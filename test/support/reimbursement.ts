/** A basic inpatient claim as the counter accepts it, for workflow tests and recorded histories. */
import type { Prisma } from '../../generated/prisma/client';
import { personKeyOf } from '../../api/routes/care';
import { addDays } from '../../domain/dates';
import type { Actor, Jurisdiction } from '../../domain/people';
import {
  type AssistanceFacts,
  type ClaimKind,
  type ClaimState,
  type ClaimStatus,
  intakeLines,
  openClaim,
} from '../../domain/reimbursement';
import { calendarFrom } from '../../domain/working-days';
import { newIdNumber } from './care';
import { applicationNo } from './env';

export function basicInpatientClaim(acceptedOn: string, clerk: Actor, claimNo = applicationNo('LX')): ClaimState {
  const idNumber = newIdNumber();
  const dischargedOn = addDays(acceptedOn, -5);
  const line = {
    lineNo: 1,
    category: 'inpatient' as const,
    serviceDate: dischargedOn,
    institutionCode: 'H44078101',
    institutionName: '台山市人民医院',
    invoiceNo: `ZY-${claimNo}`,
    amountFen: 88_000,
  };
  return openClaim({
    claimNo,
    kind: 'basic_inpatient',
    personKey: personKeyOf(idNumber),
    person: { name: '回放', idNumber },
    jurisdiction: clerk.jurisdiction,
    lines: intakeLines([line], { appliedOn: acceptedOn, calendar: calendarFrom([]), filings: new Map(), heldInvoices: new Map() }),
    account: { kind: 'bank_card', number: '6222020000001234', bank: '工商银行', holder: '回放' },
    documents: ['医院收费票据'],
    admission: { admittedOn: addDays(dischargedOn, -7), dischargedOn, institutionCode: 'H44078101', injury: false, verificationId: null },
    assistance: null,
    createdBy: clerk,
    acceptedOn,
    at: new Date().toISOString(),
  });
}

/**
 * A claim's read-model row written straight to the database (a claim settled before the test, with
 * no workflow), with a whole state: the queue and the claim's page read the row's state, so a row
 * without one would break every list it appears in, for every test sharing the database.
 */
export function claimRow(row: {
  id: string;
  claimNo: string;
  kind: ClaimKind;
  personKey: string;
  personName: string;
  idNumber: string;
  jurisdiction: Jurisdiction;
  status: ClaimStatus;
  acceptedOn: string;
  claimedFen: bigint;
  decidedFen?: bigint;
  paidFen?: bigint;
  entryId?: bigint;
  basicClaimId?: string;
  createdBy: string;
  /** the assessment facts the disclosure reads (001 §25) */
  assistance?: Partial<AssistanceFacts>;
}): Prisma.ReimbursementClaimUncheckedCreateInput {
  const { assistance, ...fields } = row;
  const clerk: Actor = { username: row.createdBy, role: 'window_clerk', jurisdiction: row.jurisdiction };
  const opened = openClaim({
    claimNo: row.claimNo,
    kind: row.kind,
    personKey: row.personKey,
    person: { name: row.personName },
    jurisdiction: row.jurisdiction,
    lines: [],
    account: { kind: 'bank_card', number: '6222020000001234', bank: '工商银行', holder: row.personName },
    documents: [],
    admission: null,
    assistance: (assistance as AssistanceFacts | undefined) ?? null,
    createdBy: clerk,
    acceptedOn: row.acceptedOn,
    at: new Date().toISOString(),
  });
  // opened, its next step is pending; settled, none is
  const pendingStep = row.status === 'open' ? opened.pendingStep : null;
  const state: ClaimState = { ...opened, claimId: row.id, status: row.status, pendingStep, version: 1 };
  return { ...fields, pendingStep, state: state as unknown as Prisma.InputJsonValue, version: 1, updatedAt: new Date() };
}
