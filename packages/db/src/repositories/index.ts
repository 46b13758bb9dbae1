import type { Db } from '../client.ts';
import { createAuditRepository } from './audit-repository.ts';
import { createLimitsRepository } from './limits-repository.ts';
import { createMarketRepository } from './market-repository.ts';
import { createModelsRepository } from './models-repository.ts';
import { createOrdersRepository } from './orders-repository.ts';
import { createPositionsRepository } from './positions-repository.ts';
import { createSignalsRepository } from './signals-repository.ts';
import { createSimBrokerRepository } from './sim-broker-repository.ts';
import { createUsersRepository } from './users-repository.ts';

/** Every repository over one database. The only code in the platform that uses Prisma. */
export function createRepositories(db: Db) {
  const audit = createAuditRepository(db);
  return {
    users: createUsersRepository(db),
    audit,
    limits: createLimitsRepository(db, audit),
    signals: createSignalsRepository(db, audit),
    orders: createOrdersRepository(db, audit),
    positions: createPositionsRepository(db),
    market: createMarketRepository(db),
    models: createModelsRepository(db, audit),
    simBroker: createSimBrokerRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
