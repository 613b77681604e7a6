/**
 * The registry of processes: what each process is, declared once. Supervision, the calendar-change
 * fan-out, the log binding of workflow IDs, the routing of catalogue items and the task list read
 * it instead of keeping their own lists (README "Adding a process": one entry here).
 */
import { caseActions, stepRoles } from './service-case';
import type { Role } from './people';
import { remoteCareCatalogueItems } from './remote-care';
import type { TaskSource } from './tasks';
import type { RecordKind } from './access-policy';
import { reimbursementCatalogueItems } from './reimbursement';

export const processNames = [
  'service_case',
  'care_episode',
  'special_disease',
  'fund_request',
  'remote_care',
  'outpatient_facility',
  'subsidised_enrolment',
  'reimbursement',
] as const;
export type ProcessName = (typeof processNames)[number];

export interface SupervisionCounting {
  open: 'open_statuses' | 'all_records';
  /** the read model's column set when the time limit was breached, or null (no clock) */
  breachedColumn: 'breachedAt' | null;
  /** what the supervisor's column of open records is called */
  openLabel: string;
}

export interface ProcessDefinition {
  name: ProcessName;
  /** what a clerk calls it */
  title: string;
  /** every workflow ID of the process starts with this (the business key follows) */
  workflowIdPrefix: string;
  /** the API's path for one record of the process: `${apiPath}/:id` */
  apiPath: string;
  /** the read-model table's columns a supervisor counts by */
  readModel: {
    table:
      | 'serviceCase'
      | 'careEpisode'
      | 'certification'
      | 'fundRequest'
      | 'remoteCareFiling'
      | 'outpatientFacility'
      | 'subsidisedEnrolment'
      | 'reimbursementClaim';
    jurisdiction: 'jurisdiction' | 'agency';
  };
  /** each command and the roles that may send it (the domain check refines: step, state, institution) */
  commands: Record<string, readonly Role[]>;
  /**
   * The time limit the process runs against, if any: statutory working days (004), a policy in
   * working days, or a calendar date (the 18th of 001 §21). A process with working days listens
   * to holiday-calendar corrections.
   */
  clock: 'statutory_working_days' | 'policy_working_days' | 'calendar_date' | null;
  /** statuses in which a record is open work (supervision counts them) */
  openStatuses: readonly string[];
  /**
   * What the supervisor's summary counts of the process, beside the four it has counted by their own
   * queries since issue 8 (api/routes/supervision.ts): `open` the records in `openStatuses`, or every
   * record of a register (the facility choices); `breached` the records whose breach column is set.
   */
  supervision?: SupervisionCounting | null;
  /** notices it sends to the insured person (templates in the notice outbox) */
  personNotices: readonly string[];
  /** catalogue items (004) the process owns: they cannot be opened as generic service cases */
  catalogueItems: readonly string[];
  /**
   * Where its open work waits on a role, for the one task query (domain/tasks.ts, store/tasks.ts);
   * null when nothing of it waits on a person. Every process with open statuses declares it
   * (test/unit/tasks.test.ts).
   */
  tasks?: TaskSource | null;
  /** the visibility policy's kind of its records, where `tasks` does not name it (comments, attachments) */
  recordKind?: RecordKind;
  /**
   * Who a record is about, for person search (issue 18): the read model's name and ID-number
   * columns, its person key column (null: computed from the ID number, as api/routes/care.ts
   * personKeyOf does) and the number a clerk knows the record by. Absent: records about no person.
   */
  person?: { nameColumn: string; idNumberColumn: string; personKeyColumn: string | null; referenceColumn: string | null };
}

const clerkRoles: readonly Role[] = ['window_clerk', 'reviewer', 'approver'];

export const processes: Record<ProcessName, ProcessDefinition> = {
  service_case: {
    name: 'service_case',
    title: '政务服务事项',
    workflowIdPrefix: 'service-case:',
    apiPath: '/cases',
    readModel: { table: 'serviceCase', jurisdiction: 'jurisdiction' },
    commands: Object.fromEntries(
      caseActions.map((a): [string, readonly Role[]] => [
        a,
        // reject and 退回补正 belong to whoever holds the pending step; the applicant's side withdraws and resubmits
        a === 'reject' || a === 'request_correction'
          ? ['window_clerk', 'reviewer', 'approver', 'finance']
          : a === 'withdraw' || a === 'resubmit'
            ? ['window_clerk', 'institution']
            : stepRoles[a],
      ]),
    ),
    clock: 'statutory_working_days',
    openStatuses: ['open'],
    personNotices: [],
    catalogueItems: [],
    tasks: {
      recordKind: 'service_case',
      stageColumn: 'pendingStep',
      // 退回补正 waits on the applicant, whose resubmission the counter clerk records
      override: { column: 'correction', stage: 'correction' },
      stages: {
        accept: { roles: stepRoles.accept, name: '待受理' },
        review: { roles: stepRoles.review, name: '待审核' },
        disburse: { roles: stepRoles.disburse, name: '待拨付' },
        complete: { roles: stepRoles.complete, name: '待办结' },
        correction: { roles: ['window_clerk'], name: '退回补正，待申请人补正' },
      },
      dueDateColumn: 'dueDate',
      itemColumn: 'itemCode',
      subjectColumn: 'applicantName',
      referenceColumn: 'applicationNo',
      createdByColumn: 'createdBy',
    },
    person: { nameColumn: 'applicantName', idNumberColumn: 'applicantIdNumber', personKeyColumn: null, referenceColumn: 'applicationNo' },
  },
  care_episode: {
    name: 'care_episode',
    title: '家庭病床/老年病区',
    workflowIdPrefix: 'care-episode:',
    apiPath: '/care/episodes',
    readModel: { table: 'careEpisode', jurisdiction: 'jurisdiction' },
    commands: {
      request_panel: ['reviewer', 'approver'],
      panel_decision: ['expert_panel'],
      approve: ['reviewer', 'approver'],
      reject: ['reviewer', 'approver'],
      withdraw: ['window_clerk', 'institution'],
      close: ['institution'],
      settle: ['finance'],
    },
    clock: 'policy_working_days',
    openStatuses: ['under_review', 'panel_review'],
    personNotices: [],
    catalogueItems: [],
    tasks: {
      recordKind: 'care_episode',
      stageColumn: 'status',
      stages: {
        under_review: { roles: ['reviewer', 'approver'], name: '待审核' },
        panel_review: { roles: ['expert_panel'], name: '待专家组评审' },
      },
      dueDateColumn: 'reviewDueDate',
      itemColumn: null,
      subjectColumn: 'personName',
      referenceColumn: 'applicationNo',
      createdByColumn: 'createdBy',
    },
    person: { nameColumn: 'personName', idNumberColumn: 'idNumber', personKeyColumn: 'personKey', referenceColumn: 'applicationNo' },
  },
  special_disease: {
    name: 'special_disease',
    title: '门诊特定病种',
    workflowIdPrefix: 'special-disease:',
    apiPath: '/special-disease/certifications',
    readModel: { table: 'certification', jurisdiction: 'jurisdiction' },
    commands: {
      renew: ['window_clerk', 'institution'],
      change_institution: clerkRoles,
      suspend: clerkRoles,
      resume: clerkRoles,
      terminate: clerkRoles,
    },
    clock: null,
    openStatuses: ['active', 'suspended'],
    // a certification in force waits on no one: its renewals are the person's, its notices timed
    tasks: null,
    recordKind: 'certification',
    personNotices: ['before_window', 'window_open', 'before_end', 'grace', 'lapsed'],
    catalogueItems: ['442189211001'], // item 26: 门诊特定病种待遇认定
    person: { nameColumn: 'personName', idNumberColumn: 'idNumber', personKeyColumn: 'personKey', referenceColumn: null },
  },
  fund_request: {
    name: 'fund_request',
    title: '资金申请',
    workflowIdPrefix: 'fund-request:',
    apiPath: '/fund/requests',
    readModel: { table: 'fundRequest', jurisdiction: 'agency' },
    commands: { adjust: ['finance'], submit: ['finance'], approve: ['fiscal'], return: ['fiscal'] },
    clock: 'policy_working_days',
    openStatuses: ['draft', 'submitted', 'returned'],
    personNotices: [],
    catalogueItems: [],
    tasks: {
      recordKind: 'fund_request',
      stageColumn: 'status',
      stages: {
        draft: { roles: ['finance'], name: '待财务提交' },
        returned: { roles: ['finance'], name: '已退回，待修改提交' },
        submitted: { roles: ['fiscal'], name: '待财政部门审批' },
      },
      dueDateColumn: 'dueDate',
      itemColumn: null,
      subjectColumn: 'kind',
      referenceColumn: 'period',
      createdByColumn: null,
    },
  },
  remote_care: {
    name: 'remote_care',
    title: '异地就医备案',
    workflowIdPrefix: 'remote-care:',
    apiPath: '/remote-care/filings',
    readModel: { table: 'remoteCareFiling', jurisdiction: 'jurisdiction' },
    commands: { review: clerkRoles, change: clerkRoles, cancel: clerkRoles, deliver_materials: clerkRoles },
    // online filings: 2 working days from receipt (000 §29)
    clock: 'statutory_working_days',
    openStatuses: ['under_review'],
    supervision: { open: 'open_statuses', breachedColumn: 'breachedAt', openLabel: '待审核' },
    tasks: {
      recordKind: 'remote_care_filing',
      stageColumn: 'status',
      stages: { under_review: { roles: clerkRoles, name: '待审核（网上备案）' } },
      dueDateColumn: 'dueDate',
      itemColumn: null,
      subjectColumn: 'personName',
      referenceColumn: 'filingNo',
      createdByColumn: 'createdBy',
    },
    personNotices: ['expiring_soon', 'expired'],
    catalogueItems: remoteCareCatalogueItems, // items 20–25: 异地就医备案 (442189210001–006)
    person: { nameColumn: 'personName', idNumberColumn: 'idNumber', personKeyColumn: 'personKey', referenceColumn: 'filingNo' },
  },
  outpatient_facility: {
    name: 'outpatient_facility',
    title: '普通门诊选点',
    workflowIdPrefix: 'outpatient-facility:',
    apiPath: '/outpatient/choices',
    readModel: { table: 'outpatientFacility', jurisdiction: 'jurisdiction' },
    // 000 §19: counters of any agency and the chosen facility itself; a mid-year change only at the insured place (§20)
    commands: {
      choose: [...clerkRoles, 'institution'],
      change_next_year: [...clerkRoles, 'institution'],
      change_mid_year: clerkRoles,
      file_referral: ['institution'],
    }, // 000 §22: the chosen facility pushes it
    // the window (1 Oct–31 Dec) is a calendar date, but nothing waits on it: the answer is computed from the choices
    clock: null,
    openStatuses: [],
    // nothing is open work here: the summary counts the people whose choice is recorded
    supervision: { open: 'all_records', breachedColumn: null, openLabel: '已登记人数' },
    tasks: null,
    personNotices: [],
    catalogueItems: ['442189208009'], // item 9: 医保定点机构查询 (门诊选点登记、变更)
    // a choice of facility is catalogue item 9's record: read as service cases are
    recordKind: 'service_case',
    person: { nameColumn: 'personName', idNumberColumn: 'idNumber', personKeyColumn: 'personKey', referenceColumn: null },
  },
  subsidised_enrolment: {
    name: 'subsidised_enrolment',
    title: '医疗救助资助参保',
    workflowIdPrefix: 'subsidised-enrolment:',
    apiPath: '/assistance/enrolments',
    readModel: { table: 'subsidisedEnrolment', jurisdiction: 'agency' },
    // 001 §5(三)–(四): the agency's clerks record the person's choice, the suspension, the local rule
    commands: { record_choice: clerkRoles, confirm_suspension: clerkRoles, record_employee_rule: clerkRoles },
    // 001 §5: registration within 2 working days of the push (DOMAIN §11)
    clock: 'statutory_working_days',
    openStatuses: ['checking', 'awaiting_choice', 'awaiting_suspension', 'awaiting_employee_rule'],
    // 'checking' waits on the platform's answer, not on a person: not a task
    tasks: {
      recordKind: 'assistance_recipient',
      stageColumn: 'status',
      stages: {
        awaiting_choice: { roles: clerkRoles, name: '待登记参保人的选择' },
        awaiting_suspension: { roles: clerkRoles, name: '待确认暂停' },
        awaiting_employee_rule: { roles: clerkRoles, name: '待登记职工参保规则' },
      },
      dueDateColumn: 'dueDate',
      itemColumn: null,
      subjectColumn: 'personName',
      referenceColumn: 'identityId',
      createdByColumn: null,
    },
    personNotices: [],
    catalogueItems: ['442189214001'], // item 34: 符合资助条件的救助对象参加基本医疗保险个人缴费补贴
    person: { nameColumn: 'personName', idNumberColumn: 'idNumber', personKeyColumn: 'personKey', referenceColumn: null },
  },
  reimbursement: {
    name: 'reimbursement',
    title: '零星报销',
    workflowIdPrefix: 'reimbursement:',
    apiPath: '/reimbursement/claims',
    readModel: { table: 'reimbursementClaim', jurisdiction: 'jurisdiction' },
    // basic: 审核 → 拨付 → 办结; assistance (001 附件1): 初审 → 复审 → 核准 → 拨付 → 办结; reject by the pending step's role
    commands: {
      review: ['reviewer'],
      first_review: ['reviewer'],
      second_review: ['reviewer'],
      approve: ['approver'],
      disburse: ['finance'],
      complete: ['approver'],
      reject: ['reviewer', 'approver', 'finance'],
    },
    clock: 'statutory_working_days', // 30 working days from acceptance (004 items 27, 28, 35)
    openStatuses: ['open'],
    tasks: {
      recordKind: 'reimbursement_claim',
      stageColumn: 'pendingStep',
      stages: {
        review: { roles: ['reviewer'], name: '待审核' },
        first_review: { roles: ['reviewer'], name: '待初审' },
        second_review: { roles: ['reviewer'], name: '待复审' },
        approve: { roles: ['approver'], name: '待核准' },
        disburse: { roles: ['finance'], name: '待拨付' },
        complete: { roles: ['approver'], name: '待办结' },
      },
      dueDateColumn: 'dueDate',
      itemColumn: null,
      subjectColumn: 'personName',
      referenceColumn: 'claimNo',
      createdByColumn: 'createdBy',
    },
    personNotices: [],
    catalogueItems: reimbursementCatalogueItems, // items 27, 28 (442189212001–002), 35 (442189214002)
    person: { nameColumn: 'personName', idNumberColumn: 'idNumber', personKeyColumn: 'personKey', referenceColumn: 'claimNo' },
  },
};

/** The process a workflow ID belongs to (null for workflows that are not processes, e.g. notice delivery). */
export function processOfWorkflowId(workflowId: string): ProcessDefinition | null {
  return Object.values(processes).find((p) => workflowId.startsWith(p.workflowIdPrefix)) ?? null;
}

/** The process that owns a catalogue item, when it is not a generic service case. */
export function owningProcess(itemCode: string): ProcessDefinition | null {
  return Object.values(processes).find((p) => p.catalogueItems.includes(itemCode)) ?? null;
}

/** Processes whose deadlines count working days: a holiday-calendar correction reaches their open workflows. */
export const workingDayProcesses = Object.values(processes).filter(
  (p) => p.clock === 'statutory_working_days' || p.clock === 'policy_working_days',
);
