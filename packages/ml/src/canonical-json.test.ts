import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace (hand-written expected string)', () => {
    const v = {
      wingWidth: 5,
      rule: 'baseline-momentum-condor',
      nested: { b: [3, { z: 1, a: 2 }], a: null },
      dte: 30,
    };
    expect(canonicalJson(v)).toBe(
      '{"dte":30,"nested":{"a":null,"b":[3,{"a":2,"z":1}]},"rule":"baseline-momentum-condor","wingWidth":5}',
    );
  });

  it('is independent of insertion order and round-trips through JSON.parse', () => {
    const a = { x: 1, y: { p: true, q: 'é"\n' } };
    const b = { y: { q: 'é"\n', p: true }, x: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(JSON.parse(canonicalJson(a))).toEqual(a);
  });

  it('orders keys by UTF-16 code units (uppercase before lowercase, digits first)', () => {
    expect(canonicalJson({ b: 1, B: 2, '1': 3, é: 4 })).toBe('{"1":3,"B":2,"b":1,"é":4}');
  });

  it('numbers in shortest form; undefined members dropped, undefined in arrays → null; Dates via toJSON', () => {
    expect(canonicalJson({ a: 0.1 + 0.2, b: 1e21, c: -0, d: undefined })).toBe(
      '{"a":0.30000000000000004,"b":1e+21,"c":0}',
    );
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.006Z') })).toBe(
      '{"at":"2026-01-02T03:04:05.006Z"}',
    );
  });

  it('rejects what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => canonicalJson(cyc)).toThrow(TypeError);
  });

  it('shared (non-cyclic) references are fine', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
  });
});
