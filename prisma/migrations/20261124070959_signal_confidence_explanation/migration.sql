-- AlterTable
ALTER TABLE "Signal" ADD COLUMN     "confidence" DOUBLE PRECISION,
ADD COLUMN     "explanation" JSONB;

-- A probability, or absent (Prisma cannot express CHECK constraints; db:check ignores them).
ALTER TABLE "Signal" ADD CONSTRAINT "Signal_confidence_range"
  CHECK ("confidence" IS NULL OR ("confidence" >= 0 AND "confidence" <= 1));
