import { ModelOverview } from '@zomma/contracts';
import { z } from 'zod';
import { authorized } from '../../trpc.ts';
import { NoInput } from '../web.schema.ts';

export const modelsOverviewProcedure = authorized('model.read')
  .input(NoInput)
  .output(z.array(ModelOverview))
  .query(({ ctx }) => ctx.repos.models.overview());
