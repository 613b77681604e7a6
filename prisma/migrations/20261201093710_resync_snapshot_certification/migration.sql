-- No change to the database. The Certification columns (insured place, off-site hospital, earlier
-- certifications) were added by 20261201091624_certification_insured_place_offsite_history, which
-- landed beside 20261201092500_institution_users_contact_county (whose snapshot predates them).
-- This migration carries the schema snapshot that includes both, so the next `npm run db:diff`
-- starts from the schema the database really has.
SELECT 1;
