/**
 * The process registry is the one list of processes: every consumer that keeps a per-process
 * table (the calendar fan-out, the replay fixtures, the workflow IDs) must cover it exactly.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { calendarAffected } from '../../store/told-of-change';
import { certificationId } from '../../domain/certification';
import { episodeKey } from '../../domain/care-process';
import { fundRequestId } from '../../domain/fund-request';
import { filingId } from '../../domain/remote-care-filing';
import { owningProcess, processOfWorkflowId, processes, workingDayProcesses } from '../../domain/processes';
import { serviceCaseId } from '../../domain/service-case';
import { outpatientFacilityId } from '../../domain/outpatient-facility';
import { claimId } from '../../domain/reimbursement';

test('every process with a working-day clock hears of calendar corrections, and only those', () => {
  expect(Object.keys(calendarAffected).sort()).toEqual(workingDayProcesses.map((p) => p.name).sort());
});

test("each process's workflow IDs carry its prefix, and a workflow ID finds its process", () => {
  const ids = {
    service_case: serviceCaseId('442189208003', 'TS-1'),
    care_episode: episodeKey('family_bed', 'abc', 'FB-1'),
    special_disease: certificationId('abc', 'MT001'),
    fund_request: fundRequestId('turnover', 'taishan', '2026-03'),
    remote_care: filingId('abc', 'RC-1'),
    outpatient_facility: outpatientFacilityId('abc'),
    reimbursement: claimId('abc', 'LX-1'),
  };
  for (const [name, id] of Object.entries(ids)) expect(processOfWorkflowId(id)?.name).toBe(name);
  expect(processOfWorkflowId('notice-delivery:1')).toBeNull();
});

test('every process has a recorded replay history', () => {
  const histories = readdirSync(path.join(__dirname, '..', 'histories'));
  for (const p of Object.values(processes)) {
    const prefix = p.workflowIdPrefix.replace(/:$/, '-');
    expect({ process: p.name, recorded: histories.some((f) => f.startsWith(prefix)) }).toEqual({ process: p.name, recorded: true });
  }
});

test('item 26 belongs to the special-disease process, not to generic service cases', () => {
  expect(owningProcess('442189211001')?.name).toBe('special_disease');
  expect(owningProcess('442189208003')).toBeNull();
  for (const code of ['442189210001', '442189210004', '442189210006']) expect(owningProcess(code)?.name).toBe('remote_care');
});

test('item 9 (门诊选点登记、变更) belongs to the outpatient-facility process', () => {
  expect(owningProcess('442189208009')?.name).toBe('outpatient_facility');
});

test('items 27, 28 and 35 (零星报销) belong to the reimbursement process', () => {
  for (const code of ['442189212001', '442189212002', '442189214002']) expect(owningProcess(code)?.name).toBe('reimbursement');
});
