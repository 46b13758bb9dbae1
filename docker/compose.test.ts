/**
 * No Docker engine runs on development/CI machines, so the compose file and Dockerfiles
 * are validated statically: `docker-compose config -q` (the Debian docker-compose
 * package), then the normalized config is parsed with PyYAML (which docker-compose
 * itself depends on) and checked for the wiring the README promises.
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

let cached: { services: Record<string, Service> } | undefined;

function normalizedConfig(): { services: Record<string, Service> } {
  if (cached) return cached;
  const yaml = execFileSync('docker-compose', ['-f', composeFile, 'config'], { encoding: 'utf8' });
  const json = execFileSync(
    'python3',
    ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'],
    { input: yaml, encoding: 'utf8' },
  );
  cached = JSON.parse(json) as { services: Record<string, Service> };
  return cached;
}

function service(name: string): Service {
  const found = normalizedConfig().services[name];
  if (!found) throw new Error(`service ${name} missing from docker/compose.yml`);
  return found;
}

describe('docker/compose.yml', () => {
  it('is valid for docker-compose (config -q)', () => {
    const result = spawnSync('docker-compose', ['-f', composeFile, 'config', '-q'], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
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
