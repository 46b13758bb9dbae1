import { authorized } from '../../trpc.ts';
import { LIMITS_HISTORY_SIZE, LimitsOverview, NoInput } from '../web.schema.ts';

export const limitsProcedure = authorized('risk.read')
  .input(NoInput)
  .output(LimitsOverview)
  .query(async ({ ctx }) => {
    const [current, history] = await Promise.all([
      ctx.repos.limits.current(),
      ctx.repos.limits.history(LIMITS_HISTORY_SIZE),
    ]);
    return { current, history };
  });
