/**
 * Initialisers (seeded determinism, the documented scales, orthogonality) and the parameter
 * registry (layout, JSON and byte round trips bit for bit, corrupt input rejected).
 */
import { createRng } from '@zomma/engine/rng';
import { describe, expect, it } from 'vitest';
import { Layer } from './context.ts';
import { glorotUniform, heNormal, orthogonal } from './init.ts';
import { Dense } from './layers.ts';
import { LSTM } from './lstm.ts';
import { ParamStore, paramLayout } from './params.ts';

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const variance = (a: ArrayLike<number>) => {
  const m = mean(a);
  return Array.from(a).reduce((s, v) => s + (v - m) ** 2, 0) / a.length;
};

describe('initialisers', () => {
  it('glorotUniform: within ±√(6/(in+out)), variance limit²/3 (±5% on 60k draws)', () => {
    const w = glorotUniform()([200, 300], createRng(1));
    const limit = Math.sqrt(6 / 500);
    expect(Math.max(...Array.from(w, Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.abs(variance(w) / ((limit * limit) / 3) - 1)).toBeLessThan(0.05);
  });

  it('heNormal: variance 2/fanIn (±5%); explicit fans override the shape', () => {
    const w = heNormal({ fanIn: 50 })([200, 300], createRng(2));
    expect(Math.abs(variance(w) / (2 / 50) - 1)).toBeLessThan(0.05);
  });

  it('orthogonal per block: each [n, n] block Q has QᵀQ = I (float32: 1e-6)', () => {
    const n = 16;
    const w = orthogonal(1, 4)([n, 4 * n], createRng(3));
    for (let blk = 0; blk < 4; blk++) {
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) {
          let dot = 0;
          for (let r = 0; r < n; r++)
            dot += (w[r * 4 * n + blk * n + a] ?? 0) * (w[r * 4 * n + blk * n + b] ?? 0);
          expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-6);
        }
      }
    }
  });

  it('same seed → identical weights; another seed → different ones', () => {
    const specs = new LSTM('l', { inputSize: 3, units: 4 }).params;
    const a = ParamStore.init(specs, 7);
    const b = ParamStore.init(specs, 7);
    const c = ParamStore.init(specs, 8);
    for (const e of a.entries) expect(b.get(e.name).values).toEqual(e.values);
    expect(c.get('l.kernel').values).not.toEqual(a.get('l.kernel').values);
  });
});

describe('ParamStore', () => {
  const specs = [
    ...new Dense('a', { inputSize: 3, units: 2 }).params,
    ...new LSTM('b', { inputSize: 2, units: 3 }).params,
  ];
  const store = ParamStore.init(specs, 11);

  it('lays weights out in declaration order and round-trips through the flat vector', () => {
    const layout = paramLayout(specs);
    expect(layout.entries.map((e) => [e.name, e.offset, e.size, e.decay])).toEqual([
      ['a.kernel', 0, 6, true],
      ['a.bias', 6, 2, false],
      ['b.kernel', 8, 24, true],
      ['b.recurrent', 32, 36, true],
      ['b.bias', 68, 12, false],
    ]);
    expect(layout.size).toBe(80);
    const flat = store.flatten(layout);
    expect(Array.from(flat.subarray(32, 68))).toEqual(Array.from(store.get('b.recurrent').values));
    const back = ParamStore.fromFlat(layout, flat);
    for (const e of store.entries) expect(back.get(e.name).values).toEqual(e.values);
  });

  it('JSON and bytes round trips are bit-exact', () => {
    const fromJson = ParamStore.fromJSON(JSON.parse(JSON.stringify(store.toJSON())));
    const bytes = store.toBytes();
    const fromBytes = ParamStore.fromBytes(bytes);
    expect(bytes.length % 4).toBe(0);
    for (const e of store.entries) {
      expect(fromJson.get(e.name).values).toEqual(e.values);
      expect(fromBytes.get(e.name).values).toEqual(e.values);
      expect(fromBytes.get(e.name).shape).toEqual(e.shape);
    }
    expect(fromBytes.names).toEqual(store.names);
  });

  it('a layer reached twice shares weights; two layers with one name are rejected', () => {
    class Twice extends Layer {
      readonly d = this.child(new Dense('d', { inputSize: 2, units: 2 }));
      constructor(dup: boolean) {
        super('t');
        this.child(dup ? new Dense('d', { inputSize: 2, units: 2 }) : this.d);
      }
    }
    expect(new Twice(false).params.map((p) => p.name)).toEqual(['d.kernel', 'd.bias']);
    expect(() => new Twice(true).params).toThrow(/two different weights named 'd.kernel'/);
  });

  it('rejects corrupt input', () => {
    const bytes = store.toBytes();
    expect(() => ParamStore.fromBytes(bytes.subarray(0, bytes.length - 4))).toThrow(/data bytes/);
    const bad = bytes.slice();
    bad[0] = 0;
    expect(() => ParamStore.fromBytes(bad)).toThrow(/ZMLP/);
    const json = store.toJSON();
    const wrong = { ...json, params: [{ name: 'x', shape: [2, 2], values: [1, 2, 3] }] };
    expect(() => ParamStore.fromJSON(wrong)).toThrow(/3 values/);
    expect(() => ParamStore.fromJSON({ ...json, version: 2 })).toThrow();
    expect(() => store.flatten(paramLayout([{ name: 'a.kernel', shape: [2, 3], decay: true }]))).toThrow(
      /model wants/,
    );
  });
});
