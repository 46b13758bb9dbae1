import { ModelVersion, RollbackModelInput } from '@zomma/contracts';
import { authorized } from '../../trpc.ts';

export const rollbackModelProcedure = authorized('model.rollback')
  .input(RollbackModelInput)
  .output(ModelVersion)
  .mutation(({ ctx, input }) => ctx.repos.models.rollback(ctx.actor, input));
