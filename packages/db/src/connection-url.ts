import { userInfo } from 'node:os';

/**
 * libpq defaults a missing user to the OS user; node-postgres uses `$USER`, which is unset
 * in some service and container environments. Fill it in explicitly so
 * `postgresql://127.0.0.1:5432/zomma` behaves as it does with psql.
 */
export function withDefaultUser(url: string): string {
  const parsed = new URL(url);
  if (parsed.username) return url;
  parsed.username = encodeURIComponent(userInfo().username);
  return parsed.toString();
}
