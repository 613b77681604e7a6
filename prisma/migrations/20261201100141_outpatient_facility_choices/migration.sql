-- (the Certification columns the diff also listed were added by 20261201094603_certification_insured_place_offsite_history,
-- which landed beside 20261201095746_designated_facilities whose snapshot lacked them)

-- CreateTable
CREATE TABLE "OutpatientFacility" (
    "id" TEXT NOT NULL,
    "personKey" TEXT NOT NULL,
    "personName" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "choices" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OutpatientFacility_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OutpatientFacility_personKey_key" ON "OutpatientFacility"("personKey");

-- CreateIndex
CREATE INDEX "OutpatientFacility_jurisdiction_idx" ON "OutpatientFacility"("jurisdiction");

