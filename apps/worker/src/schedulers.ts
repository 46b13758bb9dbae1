import {
  ExpireSignalsJob,
  GenerateSignalsJob,
  type JobDefinition,
  MarketTickJob,
  MarkPositionsJob,
  ReconcileOrdersJob,
} from '@zomma/contracts';
import type { z } from 'zod';
import type { WorkerEnv } from './env.ts';
import type { QueueSet } from './queues.ts';

interface SchedulerSpec {
  id: string;
  everyMs: number;
  def: JobDefinition<string, z.ZodType>;
  payload: unknown;
}

export function schedulerSpecs(env: WorkerEnv): SchedulerSpec[] {
  return [
    {
      id: `market.tick:${env.SIM_SYMBOL}`,
      everyMs: env.TICK_INTERVAL_MS,
      def: MarketTickJob,
      payload: { symbol: env.SIM_SYMBOL },
    },
    {
      id: `signals.generate:${env.SIGNAL_MODEL_NAME}:${env.SIM_SYMBOL}`,
      everyMs: env.GENERATE_SIGNALS_INTERVAL_MS,
      def: GenerateSignalsJob,
      payload: { symbol: env.SIM_SYMBOL, modelName: env.SIGNAL_MODEL_NAME, requestedBy: null },
    },
    { id: 'signals.expire', everyMs: env.EXPIRE_SIGNALS_INTERVAL_MS, def: ExpireSignalsJob, payload: {} },
    { id: 'positions.mark', everyMs: env.MARK_POSITIONS_INTERVAL_MS, def: MarkPositionsJob, payload: {} },
    {
      id: 'orders.reconcile',
      everyMs: env.RECONCILE_ORDERS_INTERVAL_MS,
      def: ReconcileOrdersJob,
      payload: {},
    },
  ];
}

/** Creates or updates every repeatable job; payloads go through the job definitions first. */
export async function upsertSchedulers(queues: QueueSet, env: WorkerEnv): Promise<string[]> {
  const specs = schedulerSpecs(env);
  for (const spec of specs) {
    const data = spec.def.parse(spec.payload);
    const { attempts, backoff, removeOnComplete, removeOnFail } = spec.def.opts;
    await queues
      .queueFor(spec.def.queue)
      .upsertJobScheduler(
        spec.id,
        { every: spec.everyMs },
        { name: spec.def.name, data, opts: { attempts, backoff, removeOnComplete, removeOnFail } },
      );
  }
  return specs.map((s) => s.id);
}
