import type { JobSink, QueueName } from '@zomma/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

/** What procedures need of the job queues: a sink per queue name (see `enqueueJob`). */
export interface QueueClient {
  queueFor(name: QueueName): JobSink;
  close(): Promise<void>;
}

export interface QueueClientOptions {
  redisUrl: string;
  /** BullMQ key prefix; tests use a unique one per run. */
  prefix: string;
}

/** BullMQ queues created on first use over one shared Redis connection (closed by `close`). */
export function createQueueClient({ redisUrl, prefix }: QueueClientOptions): QueueClient {
  const connection = new Redis(redisUrl, {
    maxRetriesPerRequest: null,
    // Fail an enqueue fast instead of buffering it while Redis is down.
    enableOfflineQueue: false,
    lazyConnect: false,
  });
  connection.on('error', () => {
    // Reported by the failing enqueue (QUEUE_UNAVAILABLE); avoid unhandled 'error' events.
  });
  const queues = new Map<QueueName, Queue>();
  function queueOf(name: QueueName): Queue {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix });
      queue.on('error', () => {});
      queues.set(name, queue);
    }
    return queue;
  }
  return {
    queueFor(name) {
      return {
        add: (jobName, data, opts) => queueOf(name).add(jobName, data, opts),
      };
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
      connection.disconnect();
    },
  };
}
