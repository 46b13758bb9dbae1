/**
 * Reachability checks and database lifecycle for PostgreSQL and Redis, shared by
 * `npm start` (scripts/lib/start-app.ts) and the e2e global setup.
 */
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import pg from 'pg';

export const DEFAULT_DATABASE_URL = 'postgresql://127.0.0.1:5432/zomma';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** How to start the services on this machine kind (see /work/shared/notes/stack-facts.md). */
export const SERVICE_HELP = [
  'PostgreSQL and Redis are needed. On Debian:',
  '  apt-get install -y postgresql redis-server',
  '  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  '  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
  'or with a Docker engine: docker compose -f docker/compose.yml up -d postgres redis',
  'or point DATABASE_URL / REDIS_URL at running servers.',
].join('\n');

export interface HostPort {
  host: string;
  port: number;
}

export function hostPortOf(url: string, defaultPort: number): HostPort {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: u.port ? Number(u.port) : defaultPort };
}

/** Resolves true when a TCP connection opens within `timeoutMs`. */
export function tcpOpen({ host, port }: HostPort, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('close', () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Sends a real PING (inline command; AUTH first when the URL carries a password). */
export function redisPing(url: string, timeoutMs = 2000): Promise<boolean> {
  const u = new URL(url);
  const target = hostPortOf(url, 6379);
  return new Promise((resolve) => {
    const socket = connect(target);
    let buffer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
    socket.once('connect', () => {
      const password = decodeURIComponent(u.password);
      const user = decodeURIComponent(u.username);
      if (password) socket.write(user ? `AUTH ${user} ${password}\r\n` : `AUTH ${password}\r\n`);
      socket.write('PING\r\n');
    });
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      if (buffer.includes('+PONG')) done(true);
      else if (buffer.includes('-')) done(false);
    });
  });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new Error(`database name "${name}" in DATABASE_URL must be letters, digits and _`);
  }
  return name;
}

/** libpq defaults a missing user to the OS user; node-postgres reads $USER, unset in some shells. */
export function withDefaultUser(url: string): string {
  const u = new URL(url);
  if (!u.username) u.username = encodeURIComponent(userInfo().username);
  return u.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDefaultUser(url), connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Runs `SELECT 1` on the server's maintenance database (`postgres`). */
export async function postgresAnswers(url: string): Promise<boolean> {
  try {
    return await withClient(withDatabase(url, 'postgres'), async (c) => {
      const r = await c.query<{ one: number }>('SELECT 1 AS one');
      return r.rows[0]?.one === 1;
    });
  } catch {
    return false;
  }
}

/** Creates the database named in `url` when it does not exist. Returns true when created. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseNameOf(url);
  return withClient(withDatabase(url, 'postgres'), async (c) => {
    const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await c.query(`CREATE DATABASE "${name}"`);
    return true;
  });
}

/** Drops the database named in `url`, disconnecting its sessions first. */
export async function dropDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url);
  await withClient(withDatabase(url, 'postgres'), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it resolves true or `timeoutMs` passes. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, everyMs = 500) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

export interface ServiceStatus {
  postgres: boolean;
  redis: boolean;
}

export async function serviceStatus(databaseUrl: string, redisUrl: string): Promise<ServiceStatus> {
  const [pgTcp, redisTcp] = await Promise.all([
    tcpOpen(hostPortOf(databaseUrl, 5432)),
    tcpOpen(hostPortOf(redisUrl, 6379)),
  ]);
  const [postgres, redis] = await Promise.all([
    pgTcp ? postgresAnswers(databaseUrl) : Promise.resolve(false),
    redisTcp ? redisPing(redisUrl) : Promise.resolve(false),
  ]);
  return { postgres, redis };
}
