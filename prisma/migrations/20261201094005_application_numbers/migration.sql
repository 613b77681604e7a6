-- CreateTable
CREATE TABLE "ApplicationNumber" (
    "applicationNo" TEXT NOT NULL,
    "applicantIdNumber" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "claimedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ApplicationNumber_pkey" PRIMARY KEY ("applicationNo")
);


-- Backfill: each number already in use is claimed by its earliest case.
INSERT INTO "ApplicationNumber" ("applicationNo", "applicantIdNumber", "caseId", "claimedAt")
SELECT DISTINCT ON ("applicationNo") "applicationNo", "applicantIdNumber", "id", "appliedAt"
FROM "ServiceCase"
ORDER BY "applicationNo", "appliedAt", "id";
