import { enqueueJob, type JobSink, type QueueName } from '@zomma/contracts';
import type { JobPort } from './handler-context.ts';
import { UNRECOVERABLE_MARK } from './job-runner.ts';
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
          // Failed as unrecoverable (corrupt data, a conflict with the broker): a retry would
          // fail the same way, or worse. A human has to look.
          if (existing.failedReason?.startsWith(UNRECOVERABLE_MARK)) return 'needs-attention';
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
