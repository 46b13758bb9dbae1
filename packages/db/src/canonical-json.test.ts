import { describe, expect, it } from 'vitest';
import { canonicalJson, toJsonValue } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
  it('is insensitive to key insertion order', () => {
    expect(canonicalJson({ x: 1, y: 'a' })).toBe(canonicalJson({ y: 'a', x: 1 }));
  });
  it('writes dates as ISO strings and refuses NaN', () => {
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.006Z') })).toBe(
      '{"at":"2026-01-02T03:04:05.006Z"}',
    );
    expect(() => canonicalJson({ v: Number.NaN })).toThrow(/non-finite/);
  });
  it('toJsonValue turns dates into strings like a jsonb round trip', () => {
    expect(toJsonValue({ at: new Date(0), u: undefined })).toEqual({ at: '1970-01-01T00:00:00.000Z' });
  });
});
