import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { maxSavingMatching } from './matching.ts';

/** Reference: best total saving by trying every way to pair the unit lists (capacities expanded). */
function bruteForce(leftCap: number[], rightCap: number[], s: (i: number, j: number) => number): number {
  const left = leftCap.flatMap((c, i) => Array.from({ length: c }, () => i));
  const right = rightCap.flatMap((c, j) => Array.from({ length: c }, () => j));
  const used = right.map(() => false);
  const go = (k: number): number => {
    const i = left[k];
    if (i === undefined) return 0;
    let best = go(k + 1); // unit k unpaired
    right.forEach((j, r) => {
      if (used[r]) return;
      const v = Math.max(0, s(i, j));
      if (v <= 0) return;
      used[r] = true;
      best = Math.max(best, v + go(k + 1));
      used[r] = false;
    });
    return best;
  };
  return go(0);
}

/**
 * Second reference for instances too large for brute force: the same flow formulation solved with
 * Bellman–Ford shortest paths (no potentials; the pre-Dijkstra implementation), total saving only.
 */
function bellmanFordSaving(
  leftCap: number[],
  rightCap: number[],
  s: (i: number, j: number) => number,
): number {
  const nL = leftCap.length;
  const nR = rightCap.length;
  const src = nL + nR;
  const snk = src + 1;
  const n = snk + 1;
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  const out: number[][] = Array.from({ length: n }, () => []);
  const add = (u: number, v: number, c: number, w: number) => {
    out[u]?.push(to.length);
    to.push(v);
    cap.push(c);
    cost.push(w);
    out[v]?.push(to.length);
    to.push(u);
    cap.push(0);
    cost.push(-w);
  };
  for (let i = 0; i < nL; i++) add(src, i, leftCap[i] ?? 0, 0);
  for (let j = 0; j < nR; j++) add(nL + j, snk, rightCap[j] ?? 0, 0);
  for (let i = 0; i < nL; i++)
    for (let j = 0; j < nR; j++) if (s(i, j) > 1e-9) add(i, nL + j, 1e18, -s(i, j));
  let saving = 0;
  for (;;) {
    const dist = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
    const via = new Array<number>(n).fill(-1);
    dist[src] = 0;
    for (let round = 0; round < n; round++)
      for (let u = 0; u < n; u++)
        for (const e of out[u] ?? []) {
          const v = to[e] ?? 0;
          const nd = (dist[u] ?? 0) + (cost[e] ?? 0);
          if ((cap[e] ?? 0) > 0 && nd < (dist[v] ?? 0) - 1e-12) {
            dist[v] = nd;
            via[v] = e;
          }
        }
    const d = dist[snk] ?? 0;
    if (!(d < -1e-9)) return saving;
    let push = Number.POSITIVE_INFINITY;
    for (let v = snk; v !== src; v = to[(via[v] ?? 0) ^ 1] ?? src)
      push = Math.min(push, cap[via[v] ?? 0] ?? 0);
    for (let v = snk; v !== src; v = to[(via[v] ?? 0) ^ 1] ?? src) {
      const e = via[v] ?? 0;
      cap[e] = (cap[e] ?? 0) - push;
      cap[e ^ 1] = (cap[e ^ 1] ?? 0) + push;
    }
    saving += -d * push;
  }
}

describe('maxSavingMatching', () => {
  it('matches brute force on 300 random instances (≤ 6 units a side, some negative savings)', () => {
    const rng = createRng(42);
    for (let t = 0; t < 300; t++) {
      const nL = 1 + Math.floor(rng.next() * 3);
      const nR = 1 + Math.floor(rng.next() * 3);
      const leftCap = Array.from({ length: nL }, () => 1 + Math.floor(rng.next() * 2));
      const rightCap = Array.from({ length: nR }, () => 1 + Math.floor(rng.next() * 2));
      const table = Array.from({ length: nL }, () =>
        Array.from({ length: nR }, () => Math.round(rng.next() * 20 - 6)),
      );
      const s = (i: number, j: number) => table[i]?.[j] ?? 0;
      const res = maxSavingMatching(leftCap, rightCap, s);
      expect(res.totalSaving).toBeCloseTo(bruteForce(leftCap, rightCap, s), 9);
      // The pairs respect capacities and add up to the total.
      let sum = 0;
      const usedL = leftCap.map(() => 0);
      const usedR = rightCap.map(() => 0);
      for (const p of res.pairs) {
        sum += p.units * s(p.left, p.right);
        usedL[p.left] = (usedL[p.left] ?? 0) + p.units;
        usedR[p.right] = (usedR[p.right] ?? 0) + p.units;
      }
      expect(sum).toBeCloseTo(res.totalSaving, 9);
      usedL.forEach((u, i) => {
        expect(u).toBeLessThanOrEqual(leftCap[i] ?? 0);
      });
      usedR.forEach((u, j) => {
        expect(u).toBeLessThanOrEqual(rightCap[j] ?? 0);
      });
    }
  });

  it('re-routes an earlier pairing (where first-match would not)', () => {
    // L0 can pair R0 (10) or R1 (9); L1 only R0 (8). First match: L0–R0 → 10. Optimal: 9 + 8 = 17.
    const s = (i: number, j: number) =>
      [
        [10, 9],
        [8, 0],
      ][i]?.[j] ?? 0;
    expect(maxSavingMatching([1, 1], [1, 1], s).totalSaving).toBe(17);
  });

  it('handles large capacities without per-unit work', () => {
    const res = maxSavingMatching([100000], [60000, 70000], (_i, j) => (j === 0 ? 5 : 3));
    expect(res.totalSaving).toBe(60000 * 5 + 40000 * 3);
  });
  it('matches a Bellman–Ford flow on 60 larger instances (up to 25 × 25 legs, ≤ 50 units each)', () => {
    const rng = createRng(314);
    for (let t = 0; t < 60; t++) {
      const nL = 1 + Math.floor(rng.next() * 25);
      const nR = 1 + Math.floor(rng.next() * 25);
      const leftCap = Array.from({ length: nL }, () => Math.floor(rng.next() * 51));
      const rightCap = Array.from({ length: nR }, () => Math.floor(rng.next() * 51));
      const table = Array.from({ length: nL * nR }, () => (rng.next() < 0.4 ? 0 : rng.next() * 20 - 4));
      const s = (i: number, j: number) => table[i * nR + j] ?? 0;
      const res = maxSavingMatching(leftCap, rightCap, s);
      const ref = bellmanFordSaving(leftCap, rightCap, s);
      expect(res.totalSaving).toBeCloseTo(ref, 6);
      expect(res.work).toBeGreaterThan(0);
    }
  });
});
