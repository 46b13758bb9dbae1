import { ModelVersion, PromoteModelInput } from '@zomma/contracts';
import { authorized } from '../../trpc.ts';

export const promoteModelProcedure = authorized('model.promote')
  .input(PromoteModelInput)
  .output(ModelVersion)
  .mutation(({ ctx, input }) => ctx.repos.models.promote(ctx.actor, input));
