/** A basic inpatient claim as the counter accepts it, for workflow tests and recorded histories. */
import { personKeyOf } from '../../api/routes/care';
import { addDays } from '../../domain/dates';
import type { Actor } from '../../domain/people';
import { type ClaimState, intakeLines, openClaim } from '../../domain/reimbursement';
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
