import { UpdateLimitsInput } from '@zomma/contracts';
import { authorized } from '../../trpc.ts';
import { UpdateLimitsOutput } from '../web.schema.ts';

export const updateLimitsProcedure = authorized('limit.update')
  .input(UpdateLimitsInput)
  .output(UpdateLimitsOutput)
  .mutation(({ ctx, input }) => ctx.repos.limits.update(ctx.actor, input));
