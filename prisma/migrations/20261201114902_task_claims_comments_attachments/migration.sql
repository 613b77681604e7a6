-- CreateTable
CREATE TABLE "TaskClaim" (
    "recordId" TEXT NOT NULL,
    "process" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "assignee" TEXT NOT NULL,
    "assignedBy" TEXT NOT NULL,
    "assignedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TaskClaim_pkey" PRIMARY KEY ("recordId")
);

-- CreateTable
CREATE TABLE "CaseActivity" (
    "id" BIGSERIAL NOT NULL,
    "recordId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "office" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "text" TEXT,
    "stage" TEXT,
    "assigneeBefore" TEXT,
    "assigneeAfter" TEXT,

    CONSTRAINT "CaseActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "material" TEXT,
    "uploadedBy" TEXT NOT NULL,
    "uploadedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdNumberRead" (
    "id" BIGSERIAL NOT NULL,
    "personKey" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "office" "Jurisdiction" NOT NULL,
    "route" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "IdNumberRead_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TaskClaim_assignee_idx" ON "TaskClaim"("assignee");

-- CreateIndex
CREATE INDEX "CaseActivity_recordId_at_idx" ON "CaseActivity"("recordId", "at");

-- CreateIndex
CREATE INDEX "Attachment_recordId_uploadedAt_idx" ON "Attachment"("recordId", "uploadedAt");

-- CreateIndex
CREATE INDEX "IdNumberRead_personKey_at_idx" ON "IdNumberRead"("personKey", "at");

