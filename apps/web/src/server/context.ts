import type { AuditActor, Role } from '@zomma/contracts';
import type { Repositories } from '@zomma/db';
import type { Logger } from './logger.ts';
import type { QueueClient } from './queue.ts';

export type { Repositories };

/** The signed-in user as the JWT session carries it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Everything a procedure may use; built per request (HTTP) or by tests (createCaller). */
export interface Context {
  user: SessionUser | null;
  repos: Repositories;
  queue: QueueClient;
  /** The clock: services never call `new Date()` themselves. */
  now: () => Date;
  log: Logger;
  config: {
    brokerName: string;
    signalModelName: string;
    signalSymbol: string;
  };
}

export function actorOf(user: SessionUser): AuditActor {
  return { id: user.id, email: user.email, role: user.role };
}
