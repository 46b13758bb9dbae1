import { describe, expect, it } from 'vitest';
import { clientIpOf, createSignInThrottle, throttleKeys } from './sign-in-throttle.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createSignInThrottle (sliding window)', () => {
  it('blocks a key after maxFailures failures within the window, not before', () => {
    const c = clock();
    const throttle = createSignInThrottle({ maxFailures: 3, windowMs: 60_000, now: c.now });
    for (let i = 0; i < 2; i++) throttle.recordFailure(['email:a@x.dev']);
    expect(throttle.isBlocked(['email:a@x.dev'])).toBe(false);
    throttle.recordFailure(['email:a@x.dev']);
    expect(throttle.isBlocked(['email:a@x.dev'])).toBe(true);
    expect(throttle.isBlocked(['email:b@x.dev'])).toBe(false);
  });

  it('slides: each failure expires windowMs after it happened', () => {
    const c = clock();
    const throttle = createSignInThrottle({ maxFailures: 3, windowMs: 60_000, now: c.now });
    throttle.recordFailure(['k']); // t = 0
    c.advance(30_000);
    throttle.recordFailure(['k']); // t = 30 s
    throttle.recordFailure(['k']); // t = 30 s
    expect(throttle.isBlocked(['k'])).toBe(true);
    c.advance(29_999); // t = 59.999 s: the first still counts
    expect(throttle.isBlocked(['k'])).toBe(true);
    c.advance(1); // t = 60 s: the first has left the window, two remain
    expect(throttle.isBlocked(['k'])).toBe(false);
    c.advance(30_000); // all gone
    expect(throttle.isBlocked(['k'])).toBe(false);
    expect(throttle.size()).toBe(0);
  });

  it('is blocked when any of the keys is (email or IP)', () => {
    const throttle = createSignInThrottle({ maxFailures: 2, windowMs: 60_000 });
    throttle.recordFailure(['email:a@x.dev', 'ip:10.0.0.1']);
    throttle.recordFailure(['email:b@x.dev', 'ip:10.0.0.1']);
    expect(throttle.isBlocked(['email:c@x.dev', 'ip:10.0.0.1'])).toBe(true);
    expect(throttle.isBlocked(['email:a@x.dev', 'ip:10.0.0.2'])).toBe(false);
  });

  it('clear forgets a key', () => {
    const throttle = createSignInThrottle({ maxFailures: 1, windowMs: 60_000 });
    throttle.recordFailure(['k']);
    expect(throttle.isBlocked(['k'])).toBe(true);
    throttle.clear('k');
    expect(throttle.isBlocked(['k'])).toBe(false);
  });

  it('remembers at most maxKeys keys, forgetting the least recently failed', () => {
    const throttle = createSignInThrottle({ maxFailures: 1, windowMs: 60_000, maxKeys: 3 });
    for (const k of ['a', 'b', 'c', 'd', 'e']) throttle.recordFailure([k]);
    expect(throttle.size()).toBe(3);
    expect(throttle.isBlocked(['a'])).toBe(false);
    expect(throttle.isBlocked(['e'])).toBe(true);
  });
});

describe('throttleKeys and clientIpOf', () => {
  it('normalizes the email and adds the IP when known', () => {
    expect(throttleKeys(' A@X.dev ', '10.0.0.1')).toEqual(['email:a@x.dev', 'ip:10.0.0.1']);
    expect(throttleKeys('a@x.dev', null)).toEqual(['email:a@x.dev']);
  });

  it('takes the last X-Forwarded-For entry (the nearest proxy appended it)', () => {
    expect(clientIpOf({ 'x-forwarded-for': '203.0.113.9, 10.0.0.7' })).toBe('10.0.0.7');
    expect(clientIpOf({ 'x-forwarded-for': '127.0.0.1' })).toBe('127.0.0.1');
    expect(clientIpOf({ 'x-forwarded-for': ['1.1.1.1', '2.2.2.2'] })).toBe('2.2.2.2');
    expect(clientIpOf({})).toBeNull();
    expect(clientIpOf(undefined)).toBeNull();
  });
});
