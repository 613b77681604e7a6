-- (the AuditEvent digest columns the diff also listed were added by 20261201085833_audit_event_digest;
-- the snapshots of the two migrations after it lacked them)

-- CreateTable
CREATE TABLE "DesignatedFacility" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "county" TEXT NOT NULL,
    "jurisdiction" "Jurisdiction",
    "grade" INTEGER NOT NULL,
    "offsite" BOOLEAN NOT NULL DEFAULT false,
    "services" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DesignatedFacility_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE INDEX "DesignatedFacility_county_idx" ON "DesignatedFacility"("county");


-- The database refuses what the code should never send: a grade outside 1..3, an unknown service,
-- a local facility without its agency.
ALTER TABLE "DesignatedFacility" ADD CONSTRAINT "DesignatedFacility_grade_check" CHECK ("grade" BETWEEN 1 AND 3);
ALTER TABLE "DesignatedFacility" ADD CONSTRAINT "DesignatedFacility_services_check"
  CHECK ("services" <@ ARRAY['general_outpatient', 'family_beds', 'geriatric_ward', 'special_diseases', 'referrals']::TEXT[]);
ALTER TABLE "DesignatedFacility" ADD CONSTRAINT "DesignatedFacility_local_jurisdiction_check"
  CHECK ("offsite" OR "jurisdiction" IS NOT NULL);
