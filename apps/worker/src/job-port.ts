import { enqueueJob, type JobSink, type QueueName } from '@zomma/contracts';
import type { JobPort } from './handler-context.ts';
import type { QueueSet } from './queues.ts';

/** A JobSink per queue for `enqueueJob` (job ids come from the definitions in contracts). */
export function bullSink(queues: QueueSet): (name: QueueName) => JobSink {
  return (name) => ({ add: (jobName, data, opts) => queues.queueFor(name).add(jobName, data, opts) });
}

export function createJobPort(queues: QueueSet): JobPort {
  const sink = bullSink(queues);
  return {
    enqueue: (def, payload) => enqueueJob(sink, def, payload),
    async ensureQueued(def, payload) {
      const data = def.parse(payload);
      const queue = queues.queueFor(def.queue);
      const existing = await queue.getJob(def.jobId(data));
      if (existing) {
        const state = await existing.getState();
        if (state === 'failed') {
          await existing.retry('failed');
          return 'retried';
        }
        if (state !== 'completed') return 'pending';
        // Completed yet its business object is still open: run it again under the same id.
        await existing.remove();
      }
      await enqueueJob(sink, def, payload);
      return 'enqueued';
    },
  };
}
