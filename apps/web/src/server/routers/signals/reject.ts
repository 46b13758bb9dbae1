import { RejectSignalInput, Signal } from '@zomma/contracts';
import { authorized } from '../../trpc.ts';

export const rejectSignalProcedure = authorized('signal.reject')
  .input(RejectSignalInput)
  .output(Signal)
  .mutation(({ ctx, input }) =>
    ctx.repos.signals.reject({
      signalId: input.signalId,
      actor: ctx.actor,
      reason: input.reason,
      now: ctx.now(),
    }),
  );
