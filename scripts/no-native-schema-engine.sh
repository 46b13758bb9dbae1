#!/bin/sh
# Prisma's CLI wants its native schema engine and downloads it when missing; this
# machine has no internet. Pointing PRISMA_SCHEMA_ENGINE_BINARY here skips that.
echo "native schema engine not used; see npm run db:migrate / db:migration" >&2
exit 1
