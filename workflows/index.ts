/** The workflow bundle's entry: one file per process, re-exported here. */
export * from './service-case';
export * from './care-episode';
export * from './fund-request';
export * from './fund-calendar';
export * from './calendar-watch';
export * from './notice-delivery';
export * from './special-disease-certification';
export * from './change-broadcast';
export * from './remote-care-filing';
export * from './remote-care-promise';
export * from './outpatient-facility';
export * from './subsidised-enrolment';
export * from './reimbursement-claim';
export * from './assistance-disclosure';
export * from './assistance-outreach';
