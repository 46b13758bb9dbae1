import { permissionsOf } from '@zomma/contracts';
import { signedInProcedure } from '../trpc.ts';
import { Me, NoInput } from './web.schema.ts';

export const meProcedure = signedInProcedure
  .input(NoInput)
  .output(Me)
  .query(({ ctx }) => ({ ...ctx.user, permissions: [...permissionsOf(ctx.user.role)] }));
