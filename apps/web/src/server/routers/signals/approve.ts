import { ApproveSignalOutput, SignalIdInput } from '@zomma/contracts';
import { approveSignal } from '../../services/approve-signal.ts';
import { authorized } from '../../trpc.ts';

export const approveSignalProcedure = authorized('signal.approve')
  .input(SignalIdInput)
  .output(ApproveSignalOutput)
  .mutation(({ ctx, input }) => approveSignal(ctx, ctx.user, input.signalId));
