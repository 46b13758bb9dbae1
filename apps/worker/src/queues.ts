import { QUEUES, type QueueName } from '@zomma/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export interface QueueSet {
  /** The one ioredis connection every Queue and Worker of this process shares. */
  readonly connection: Redis;
  readonly prefix: string;
  queueFor(name: QueueName): Queue;
  /** Closes the queues, then the shared connection (BullMQ never closes a connection it was given). */
  close(): Promise<void>;
}

export function createRedis(url: string): Redis {
  // BullMQ requires maxRetriesPerRequest: null on connections used by workers.
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

export function createQueues(redisUrl: string, prefix: string): QueueSet {
  const connection = createRedis(redisUrl);
  const queues = new Map<QueueName, Queue>();
  for (const name of QUEUES) queues.set(name, new Queue(name, { connection, prefix }));
  return {
    connection,
    prefix,
    queueFor(name) {
      const queue = queues.get(name);
      if (!queue) throw new Error(`unknown queue ${name}`);
      return queue;
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
