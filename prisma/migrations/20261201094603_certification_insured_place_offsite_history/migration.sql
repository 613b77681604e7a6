-- AlterTable
ALTER TABLE "Certification" ADD COLUMN     "earlier" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "institutionCounty" "Jurisdiction",
ADD COLUMN     "treatingHospital" JSONB,
ALTER COLUMN "institutionCode" DROP NOT NULL;

