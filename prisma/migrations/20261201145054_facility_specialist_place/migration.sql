-- AlterTable
ALTER TABLE "DesignatedFacility" ADD COLUMN     "city" TEXT,
ADD COLUMN     "province" TEXT,
ADD COLUMN     "specialist" BOOLEAN NOT NULL DEFAULT false;

