import type { ListSignalsInput, SignalView } from '@zomma/contracts';
import type { Context } from '../context.ts';
import { evaluateSignal } from './risk-evaluation.ts';

/** Signals with, for the PENDING ones, the verdict they would get against today's limits. */
export async function listSignals(
  ctx: Pick<Context, 'repos'>,
  input: ListSignalsInput,
): Promise<SignalView[]> {
  const signals = await ctx.repos.signals.list(input);
  if (!signals.some((s) => s.status === 'PENDING')) {
    return signals.map((signal) => ({ ...signal, currentVerdict: null }));
  }
  const [limits, portfolio] = await Promise.all([
    ctx.repos.limits.current(),
    ctx.repos.positions.portfolio(),
  ]);
  return signals.map((signal) => ({
    ...signal,
    currentVerdict: signal.status === 'PENDING' ? evaluateSignal({ signal, limits, portfolio }) : null,
  }));
}
