# syntax=docker/dockerfile:1
# Worker image (also runs the one-shot `migrate` service). Build from the repo root:
#   docker build -f docker/worker.Dockerfile -t zomma-worker .

FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false
COPY package.json package-lock.json ./
COPY apps/web/package.json apps/web/
COPY apps/worker/package.json apps/worker/
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
COPY packages/engine/package.json packages/engine/
COPY packages/ml/package.json packages/ml/
# `npm ci` rejects lockfiles made on a machine without other platforms' optional binaries.
RUN npm install --no-audit --no-fund

FROM deps AS build
COPY . .
RUN node scripts/prisma.mjs generate

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production ORT_DISABLE_TELEMETRY=1
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/tsconfig.base.json ./tsconfig.base.json
COPY --from=build --chown=node:node /app/packages ./packages
COPY --from=build --chown=node:node /app/apps/worker ./apps/worker
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/scripts ./scripts
USER node
WORKDIR /app/apps/worker
EXPOSE 9464
CMD ["../../node_modules/.bin/tsx", "src/main.ts"]
