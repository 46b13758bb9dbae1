/**
 * In-memory sliding-window limit on failed sign-ins, per email and per client IP, in the web
 * process (one process: enough for this app; several web replicas would each count their own).
 * While a key has `maxFailures` failures within `windowMs`, sign-ins for it are refused with
 * the same generic error as a wrong password, without checking the password.
 */
export interface SignInThrottleOptions {
  /** Failures allowed within the window; the next attempt is refused. */
  maxFailures: number;
  windowMs: number;
  /** Bound on remembered keys (emails and IPs), so a spray of keys cannot exhaust memory. */
  maxKeys?: number;
  now?: () => number;
}

export const DEFAULT_SIGN_IN_THROTTLE = { maxFailures: 10, windowMs: 15 * 60_000 } as const;

export interface SignInThrottle {
  /** True when any of `keys` has reached the limit within the window. */
  isBlocked(keys: readonly string[]): boolean;
  recordFailure(keys: readonly string[]): void;
  /** Forgets a key's failures (a successful sign-in clears its email). */
  clear(key: string): void;
  /** Number of keys currently remembered (tests, metrics). */
  size(): number;
}

export function createSignInThrottle(options: SignInThrottleOptions): SignInThrottle {
  const { maxFailures, windowMs } = options;
  const maxKeys = options.maxKeys ?? 50_000;
  const now = options.now ?? Date.now;
  /** Failure times per key, oldest first, at most `maxFailures` kept. */
  const failures = new Map<string, number[]>();

  function recent(key: string, at: number): number[] {
    const times = failures.get(key);
    if (!times) return [];
    const kept = times.filter((t) => at - t < windowMs);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  }

  function prune(at: number) {
    if (failures.size <= maxKeys) return;
    for (const key of [...failures.keys()]) recent(key, at);
    // Still too many live keys: forget the oldest-inserted ones.
    for (const key of failures.keys()) {
      if (failures.size <= maxKeys) break;
      failures.delete(key);
    }
  }

  return {
    isBlocked(keys) {
      const at = now();
      return keys.some((key) => recent(key, at).length >= maxFailures);
    },
    recordFailure(keys) {
      const at = now();
      for (const key of keys) {
        const times = recent(key, at);
        times.push(at);
        failures.delete(key);
        failures.set(key, times.slice(-maxFailures));
      }
      prune(at);
    },
    clear(key) {
      failures.delete(key);
    },
    size: () => failures.size,
  };
}

/** The throttle keys of one attempt: the normalized email, and the client IP when known. */
export function throttleKeys(email: string, clientIp: string | null): string[] {
  const keys = [`email:${email.trim().toLowerCase()}`];
  if (clientIp) keys.push(`ip:${clientIp}`);
  return keys;
}

/**
 * The client IP of a sign-in request: the last `X-Forwarded-For` entry (the one the nearest
 * proxy appended; Next sets it to the socket address when no proxy did). Client-controlled when
 * the app port is reached directly, so the per-email limit is the one that always holds.
 */
export function clientIpOf(
  headers: Record<string, string | string[] | undefined> | undefined,
): string | null {
  const raw = headers?.['x-forwarded-for'] ?? headers?.['X-Forwarded-For'];
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  const last = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  return last ? last.slice(0, 100) : null;
}
