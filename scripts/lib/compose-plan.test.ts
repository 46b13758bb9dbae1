import { describe, expect, it } from 'vitest';
import { composeUpCommand, planServices, type ServiceFacts } from './compose-plan.ts';

const BASE: ServiceFacts = {
  answers: { postgres: false, redis: false },
  portTaken: { postgres: false, redis: false },
  dockerEngine: true,
  composeCli: 'plugin',
  databaseUrlGiven: false,
};
const facts = (over: Partial<ServiceFacts>): ServiceFacts => ({ ...BASE, ...over });

describe('composeUpCommand', () => {
  it('uses the docker compose plugin when present', () => {
    expect(composeUpCommand('plugin', 'docker/compose.yml', ['postgres', 'redis'])).toEqual({
      command: 'docker',
      args: ['compose', '-f', 'docker/compose.yml', 'up', '-d', 'postgres', 'redis'],
    });
  });

  it('falls back to the standalone docker-compose', () => {
    expect(composeUpCommand('standalone', 'docker/compose.yml', ['redis'])).toEqual({
      command: 'docker-compose',
      args: ['-f', 'docker/compose.yml', 'up', '-d', 'redis'],
    });
  });
});

describe('planServices', () => {
  it('does nothing when both answer', () => {
    expect(planServices(facts({ answers: { postgres: true, redis: true } }))).toEqual({ kind: 'ready' });
  });

  it('starts both when both are down, and switches to the compose database URL', () => {
    expect(planServices(BASE)).toEqual({
      kind: 'start',
      services: ['postgres', 'redis'],
      command: 'docker',
      args: ['compose', '-f', 'docker/compose.yml', 'up', '-d', 'postgres', 'redis'],
      useComposeDatabaseUrl: true,
    });
  });

  it('a local PostgreSQL answers on 5432: starts only redis, keeps the configured database URL', () => {
    const plan = planServices(
      facts({ answers: { postgres: true, redis: false }, portTaken: { postgres: true, redis: false } }),
    );
    expect(plan).toMatchObject({ kind: 'start', services: ['redis'], useComposeDatabaseUrl: false });
    expect(plan.kind === 'start' && plan.args).toEqual([
      'compose',
      '-f',
      'docker/compose.yml',
      'up',
      '-d',
      'redis',
    ]);
  });

  it('a local Redis answers: starts only postgres', () => {
    expect(planServices(facts({ answers: { postgres: false, redis: true } }))).toMatchObject({
      kind: 'start',
      services: ['postgres'],
      useComposeDatabaseUrl: true,
    });
  });

  it('keeps a user-given DATABASE_URL even when compose starts postgres', () => {
    expect(planServices(facts({ databaseUrlGiven: true }))).toMatchObject({ useComposeDatabaseUrl: false });
  });

  it('uses docker-compose when the plugin is absent', () => {
    expect(
      planServices(facts({ composeCli: 'standalone', answers: { postgres: true, redis: false } })),
    ).toMatchObject({
      kind: 'start',
      command: 'docker-compose',
      args: ['-f', 'docker/compose.yml', 'up', '-d', 'redis'],
    });
  });

  it('refuses to start a service whose port something else holds', () => {
    const plan = planServices(facts({ portTaken: { postgres: true, redis: false } }));
    expect(plan.kind).toBe('fail');
    expect(plan.kind === 'fail' && plan.reason).toMatch(/postgres \(127\.0\.0\.1:5432\)/);
  });

  it('fails without a Docker engine or without any Compose', () => {
    expect(planServices(facts({ dockerEngine: false }))).toMatchObject({
      kind: 'fail',
      reason: /Docker engine/,
    });
    expect(planServices(facts({ composeCli: null }))).toMatchObject({
      kind: 'fail',
      reason: /docker-compose/,
    });
  });
});
