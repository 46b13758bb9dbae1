-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "trainedFrom" TIMESTAMPTZ(3),
ADD COLUMN     "trainedTo" TIMESTAMPTZ(3);

-- Hand-added (Prisma's schema language cannot express CHECK constraints, and the
-- schema/migrations agreement check neither sees nor fights them): a window is either
-- absent or complete and ordered. The repository validates the same before writing.
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_training_window_check"
  CHECK (("trainedFrom" IS NULL) = ("trainedTo" IS NULL) AND ("trainedFrom" IS NULL OR "trainedFrom" <= "trainedTo"));
