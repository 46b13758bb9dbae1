import { ListSignalsInput, SignalView } from '@zomma/contracts';
import { z } from 'zod';
import { listSignals } from '../../services/list-signals.ts';
import { authorized } from '../../trpc.ts';

export const listSignalsProcedure = authorized('signal.read')
  .input(ListSignalsInput)
  .output(z.array(SignalView))
  .query(({ ctx, input }) => listSignals(ctx, input));
