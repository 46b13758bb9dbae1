import { router } from '../trpc.ts';
import { listAuditProcedure } from './audit/list.ts';
import { verifyAuditProcedure } from './audit/verify.ts';
import { meProcedure } from './me.ts';
import { generateNowProcedure } from './models/generate-now.ts';
import { modelsOverviewProcedure } from './models/overview.ts';
import { promoteModelProcedure } from './models/promote.ts';
import { rollbackModelProcedure } from './models/rollback.ts';
import { listPositionsProcedure } from './positions/list.ts';
import { limitsProcedure } from './risk/limits.ts';
import { portfolioRiskProcedure } from './risk/portfolio.ts';
import { updateLimitsProcedure } from './risk/update-limits.ts';
import { approveSignalProcedure } from './signals/approve.ts';
import { listSignalsProcedure } from './signals/list.ts';
import { rejectSignalProcedure } from './signals/reject.ts';

export const appRouter = router({
  me: meProcedure,
  signals: router({
    list: listSignalsProcedure,
    approve: approveSignalProcedure,
    reject: rejectSignalProcedure,
  }),
  positions: router({ list: listPositionsProcedure }),
  risk: router({
    portfolio: portfolioRiskProcedure,
    limits: limitsProcedure,
    updateLimits: updateLimitsProcedure,
  }),
  models: router({
    overview: modelsOverviewProcedure,
    promote: promoteModelProcedure,
    rollback: rollbackModelProcedure,
    generateNow: generateNowProcedure,
  }),
  audit: router({ list: listAuditProcedure, verify: verifyAuditProcedure }),
});

export type AppRouter = typeof appRouter;
