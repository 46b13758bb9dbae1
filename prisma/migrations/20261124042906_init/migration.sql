-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'RISK_MANAGER', 'TRADER', 'VIEWER');

-- CreateEnum
CREATE TYPE "SignalStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "OptionRight" AS ENUM ('CALL', 'PUT');

-- CreateEnum
CREATE TYPE "Side" AS ENUM ('BUY', 'SELL');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('NEW', 'SUBMITTING', 'ACCEPTED', 'FILLED', 'REJECTED', 'CANCELED');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskLimitVersion" (
    "id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "maxContractsPerOrder" INTEGER NOT NULL,
    "maxLossPerTrade" DECIMAL(18,6) NOT NULL,
    "maxPortfolioDelta" DECIMAL(18,6) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskLimitVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnderlyingQuote" (
    "id" BIGSERIAL NOT NULL,
    "symbol" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "price" DECIMAL(18,6) NOT NULL,
    "vol" DECIMAL(18,6) NOT NULL,

    CONSTRAINT "UnderlyingQuote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Signal" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "asOf" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "underlying" TEXT NOT NULL,
    "underlyingPrice" DECIMAL(18,6) NOT NULL,
    "strategy" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "netDebit" DECIMAL(18,6) NOT NULL,
    "maxLoss" DECIMAL(18,6) NOT NULL,
    "maxProfit" DECIMAL(18,6) NOT NULL,
    "multiplier" INTEGER NOT NULL DEFAULT 100,
    "delta" DECIMAL(18,6) NOT NULL,
    "rationale" TEXT NOT NULL,
    "status" "SignalStatus" NOT NULL DEFAULT 'PENDING',
    "modelVersionId" UUID NOT NULL,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" TEXT,
    "riskVerdict" JSONB,
    "dedupeKey" TEXT NOT NULL,

    CONSTRAINT "Signal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignalLeg" (
    "id" UUID NOT NULL,
    "signalId" UUID NOT NULL,
    "idx" INTEGER NOT NULL,
    "symbol" TEXT NOT NULL,
    "right" "OptionRight" NOT NULL,
    "side" "Side" NOT NULL,
    "ratio" INTEGER NOT NULL,
    "strike" DECIMAL(18,6) NOT NULL,
    "expiry" DATE NOT NULL,
    "bid" DECIMAL(18,6) NOT NULL,
    "ask" DECIMAL(18,6) NOT NULL,
    "mid" DECIMAL(18,6) NOT NULL,
    "iv" DECIMAL(18,6) NOT NULL,
    "delta" DECIMAL(18,6) NOT NULL,

    CONSTRAINT "SignalLeg_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Order" (
    "id" UUID NOT NULL,
    "clientOrderId" TEXT NOT NULL,
    "signalId" UUID NOT NULL,
    "status" "OrderStatus" NOT NULL DEFAULT 'NEW',
    "quantity" INTEGER NOT NULL,
    "limitPrice" DECIMAL(18,6) NOT NULL,
    "broker" TEXT NOT NULL,
    "brokerOrderId" TEXT,
    "rejectReason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "submittedAt" TIMESTAMPTZ(3),
    "filledAt" TIMESTAMPTZ(3),

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderLeg" (
    "id" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "idx" INTEGER NOT NULL,
    "symbol" TEXT NOT NULL,
    "right" "OptionRight" NOT NULL,
    "side" "Side" NOT NULL,
    "ratio" INTEGER NOT NULL,
    "strike" DECIMAL(18,6) NOT NULL,
    "expiry" DATE NOT NULL,

    CONSTRAINT "OrderLeg_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Fill" (
    "id" UUID NOT NULL,
    "brokerFillId" TEXT NOT NULL,
    "orderId" UUID NOT NULL,
    "orderLegId" UUID NOT NULL,
    "side" "Side" NOT NULL,
    "quantity" INTEGER NOT NULL,
    "price" DECIMAL(18,6) NOT NULL,
    "filledAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Fill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Position" (
    "id" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "underlying" TEXT NOT NULL,
    "right" "OptionRight" NOT NULL,
    "strike" DECIMAL(18,6) NOT NULL,
    "expiry" DATE NOT NULL,
    "multiplier" INTEGER NOT NULL DEFAULT 100,
    "quantity" INTEGER NOT NULL,
    "avgPrice" DECIMAL(18,6) NOT NULL,
    "realizedPnl" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "markPrice" DECIMAL(18,6),
    "unrealizedPnl" DECIMAL(18,6),
    "delta" DECIMAL(18,6),
    "markedAt" TIMESTAMPTZ(3),
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Position_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimBrokerOrder" (
    "id" UUID NOT NULL,
    "clientOrderId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "fills" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SimBrokerOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "hyperparameters" JSONB NOT NULL,
    "onnx" BYTEA,
    "sha256" TEXT NOT NULL,
    "parentId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelAlias" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "updatedById" UUID,
    "reason" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelAlias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelAliasEvent" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "fromVersionId" UUID,
    "toVersionId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "actorId" UUID,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelAliasEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "actorEmail" TEXT,
    "actorRole" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "RiskLimitVersion_version_key" ON "RiskLimitVersion"("version");

-- CreateIndex
CREATE INDEX "UnderlyingQuote_symbol_at_idx" ON "UnderlyingQuote"("symbol", "at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "UnderlyingQuote_symbol_at_key" ON "UnderlyingQuote"("symbol", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Signal_dedupeKey_key" ON "Signal"("dedupeKey");

-- CreateIndex
CREATE INDEX "Signal_status_createdAt_idx" ON "Signal"("status", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "SignalLeg_signalId_idx_key" ON "SignalLeg"("signalId", "idx");

-- CreateIndex
CREATE UNIQUE INDEX "Order_clientOrderId_key" ON "Order"("clientOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "Order_signalId_key" ON "Order"("signalId");

-- CreateIndex
CREATE INDEX "Order_status_createdAt_idx" ON "Order"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OrderLeg_orderId_idx_key" ON "OrderLeg"("orderId", "idx");

-- CreateIndex
CREATE UNIQUE INDEX "Fill_brokerFillId_key" ON "Fill"("brokerFillId");

-- CreateIndex
CREATE UNIQUE INDEX "Position_symbol_key" ON "Position"("symbol");

-- CreateIndex
CREATE UNIQUE INDEX "SimBrokerOrder_clientOrderId_key" ON "SimBrokerOrder"("clientOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_name_version_key" ON "ModelVersion"("name", "version");

-- CreateIndex
CREATE UNIQUE INDEX "ModelAlias_name_alias_key" ON "ModelAlias"("name", "alias");

-- CreateIndex
CREATE INDEX "ModelAliasEvent_name_alias_at_idx" ON "ModelAliasEvent"("name", "alias", "at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- AddForeignKey
ALTER TABLE "RiskLimitVersion" ADD CONSTRAINT "RiskLimitVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signal" ADD CONSTRAINT "Signal_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signal" ADD CONSTRAINT "Signal_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignalLeg" ADD CONSTRAINT "SignalLeg_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderLeg" ADD CONSTRAINT "OrderLeg_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fill" ADD CONSTRAINT "Fill_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fill" ADD CONSTRAINT "Fill_orderLegId_fkey" FOREIGN KEY ("orderLegId") REFERENCES "OrderLeg"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "ModelVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelAlias" ADD CONSTRAINT "ModelAlias_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelAlias" ADD CONSTRAINT "ModelAlias_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelAliasEvent" ADD CONSTRAINT "ModelAliasEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
