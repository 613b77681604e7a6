-- No change to the database: 20261201100141_outpatient_facility_choices and
-- 20261201100938_remote_care_filings were written in parallel, so the last one's schema snapshot
-- lacks OutpatientFacility. This migration carries the snapshot of the whole schema, so the next
-- `npm run db:diff` starts from the truth.
SELECT 1;
