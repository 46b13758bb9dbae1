import { PortfolioRisk } from '@zomma/contracts';
import { authorized } from '../../trpc.ts';
import { NoInput } from '../web.schema.ts';

export const portfolioRiskProcedure = authorized('risk.read')
  .input(NoInput)
  .output(PortfolioRisk)
  .query(({ ctx }) => ctx.repos.positions.portfolio());
