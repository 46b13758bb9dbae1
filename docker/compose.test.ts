/**
 * No Docker engine runs on development/CI machines, so the compose file and Dockerfiles
 * are validated statically: `docker-compose config -q` (the Debian docker-compose
 * package), then the normalized config is parsed with PyYAML (which docker-compose
 * itself depends on) and checked for the wiring the README promises.
 *
 * NEXTAUTH_SECRET has no default in the compose file (`${NEXTAUTH_SECRET:?…}`), so every
 * `config` call here runs with an explicit environment that supplies a test value.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const composeFile = join(here, 'compose.yml');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  ports?: unknown[];
}

const TEST_SECRET = 'compose-test-secret-0123456789abcdef';

/** The process environment without anything the compose file interpolates, plus `vars`. */
function composeEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['NEXTAUTH_SECRET', 'NEXTAUTH_URL', 'ZOMMA_DEMO_USERS', 'METRICS_TOKEN']) delete env[key];
  return { ...env, ...vars };
}

const cached = new Map<string, { services: Record<string, Service> }>();

function normalizedConfig(vars: Record<string, string> = { NEXTAUTH_SECRET: TEST_SECRET }) {
  const key = JSON.stringify(vars);
  const hit = cached.get(key);
  if (hit) return hit;
  const yaml = execFileSync('docker-compose', ['-f', composeFile, 'config'], {
    encoding: 'utf8',
    env: composeEnv(vars),
  });
  const json = execFileSync(
    'python3',
    ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'],
    { input: yaml, encoding: 'utf8' },
  );
  const parsed = JSON.parse(json) as { services: Record<string, Service> };
  cached.set(key, parsed);
  return parsed;
}

function service(name: string, vars?: Record<string, string>): Service {
  const found = normalizedConfig(vars).services[name];
  if (!found) throw new Error(`service ${name} missing from docker/compose.yml`);
  return found;
}

describe('docker/compose.yml', () => {
  it('is valid for docker-compose (config -q) when NEXTAUTH_SECRET is set', () => {
    const result = spawnSync('docker-compose', ['-f', composeFile, 'config', '-q'], {
      encoding: 'utf8',
      env: composeEnv({ NEXTAUTH_SECRET: TEST_SECRET }),
    });
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('refuses to start without NEXTAUTH_SECRET (no development default in production)', () => {
    const result = spawnSync('docker-compose', ['-f', composeFile, 'config', '-q'], {
      encoding: 'utf8',
      env: composeEnv({}),
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('set NEXTAUTH_SECRET');
  });

  it('passes the given NEXTAUTH_SECRET to web, and no secret appears in the file', () => {
    const web = service('web');
    expect(web.environment?.NODE_ENV).toBe('production');
    expect(web.environment?.NEXTAUTH_SECRET).toBe(TEST_SECRET);
    const text = readFileSync(composeFile, 'utf8');
    expect(text).toMatch(/NEXTAUTH_SECRET: \$\{NEXTAUTH_SECRET:\?[^}]*\}/);
    expect(text).not.toMatch(/NEXTAUTH_SECRET:-/);
  });

  it('publishes every port on 127.0.0.1 only', () => {
    const published = Object.entries(normalizedConfig().services).flatMap(([name, s]) =>
      (s.ports ?? []).map((p) => [name, typeof p === 'string' ? p : JSON.stringify(p)] as const),
    );
    expect(published.map(([name]) => name).sort()).toEqual(['postgres', 'redis', 'web']);
    for (const [name, port] of published) expect(port, name).toMatch(/^127\.0\.0\.1:\d+:\d+(\/tcp)?$/);
    expect(service('web').ports).toEqual(['127.0.0.1:3000:3000/tcp']);
  });

  it('migrate seeds demo users only with ZOMMA_DEMO_USERS=1 (off by default)', () => {
    const migrate = service('migrate');
    expect(migrate.environment?.NODE_ENV).toBe('production');
    expect(migrate.environment?.ZOMMA_DEMO_USERS).toBe('0');
    const opted = service('migrate', { NEXTAUTH_SECRET: TEST_SECRET, ZOMMA_DEMO_USERS: '1' });
    expect(opted.environment?.ZOMMA_DEMO_USERS).toBe('1');
    // prepare-db.ts turns exactly ZOMMA_DEMO_USERS=1 into seedDemo's allowDemoUsers.
    const prepareDb = readFileSync(join(here, '..', 'scripts', 'lib', 'prepare-db.ts'), 'utf8');
    expect(prepareDb).toMatch(/allowDemoUsers = process\.env\.ZOMMA_DEMO_USERS === '1'/);
  });

  it('passes METRICS_TOKEN through to web (empty when unset)', () => {
    expect(service('web').environment?.METRICS_TOKEN).toBe('');
    const withToken = service('web', {
      NEXTAUTH_SECRET: TEST_SECRET,
      METRICS_TOKEN: 'scrape-token-0123456789',
    });
    expect(withToken.environment?.METRICS_TOKEN).toBe('scrape-token-0123456789');
  });

  it('runs PostgreSQL 16 and Redis 7 with healthchecks', () => {
    expect(service('postgres').image).toMatch(/^postgres:16(\b|-)/);
    expect(service('redis').image).toMatch(/^redis:7(\b|-)/);
    expect(service('postgres').healthcheck?.test).toBeDefined();
    expect(service('redis').healthcheck?.test).toBeDefined();
  });

  it.each(['web', 'worker'])('%s waits for healthy services and a finished migration', (name) => {
    const s = service(name);
    expect(s.healthcheck?.test).toBeDefined();
    expect(s.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(s.depends_on?.redis?.condition).toBe('service_healthy');
    expect(s.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(s.environment?.DATABASE_URL).toMatch(/^postgresql:\/\/.+@postgres:5432\//);
    expect(s.environment?.REDIS_URL).toBe('redis://redis:6379');
  });

  it('builds web and worker from Dockerfiles that exist', () => {
    for (const name of ['web', 'worker', 'migrate']) {
      const build = service(name).build;
      expect(build).toBeDefined();
      if (!build) continue;
      expect(() => readFileSync(join(build.context, build.dockerfile))).not.toThrow();
    }
  });
});

describe.each(['web.Dockerfile', 'worker.Dockerfile'])('docker/%s', (file) => {
  const text = readFileSync(join(here, file), 'utf8');
  const stages = [...text.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1]);

  it('is multi-stage: deps, build, runtime', () => {
    expect(stages).toEqual(['deps', 'build', 'runtime']);
  });

  it('runs as a non-root user in the runtime stage', () => {
    const runtime = text.slice(text.search(/^FROM\s+\S+\s+AS\s+runtime/im));
    const user = runtime.match(/^USER\s+(\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toBe('root');
    expect(user).not.toBe('0');
  });

  it('skips the onnxruntime CUDA download when installing', () => {
    expect(text).toMatch(/ONNXRUNTIME_NODE_INSTALL=skip/);
  });
});
