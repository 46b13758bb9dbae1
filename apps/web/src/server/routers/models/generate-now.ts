import { requestSignalGeneration } from '../../services/generate-signals.ts';
import { authorized } from '../../trpc.ts';
import { GenerateNowInput, GenerateNowOutput } from '../web.schema.ts';

export const generateNowProcedure = authorized('model.run')
  .input(GenerateNowInput)
  .output(GenerateNowOutput)
  .mutation(({ ctx, input }) => requestSignalGeneration(ctx, ctx.user, input.modelName));
