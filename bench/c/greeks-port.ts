/**
 * A line-by-line TypeScript port of greeks.c (same formulas, same order of operations; the normal
 * CDF is the engine's normCdf instead of libm's erfc). The bench shows it beside greeksBatch and C
 * so the JS-vs-C gap for identical code is visible apart from greeksBatch's own implementation.
 */
import { normCdf } from '../../packages/engine/src/pricing/normal.ts';
import type { GreekColumn, VanillaColumns } from './c-twin.ts';

const INV_SQRT_2PI = 0.3989422804014327;

export type GreekColumns = Record<GreekColumn, Float64Array>;

/** Price + 16 Greeks for regular inputs (spot, strike, tYears, vol > 0), written into `o`. */
export function greeksPort(c: VanillaColumns, o: GreekColumns): void {
  const n = c.spot.length;
  for (let i = 0; i < n; i++) {
    const S = c.spot[i] ?? 0;
    const K = c.strike[i] ?? 0;
    const T = c.tYears[i] ?? 0;
    const r = c.rate[i] ?? 0;
    const q = c.dividendYield[i] ?? 0;
    const sigma = c.vol[i] ?? 0;
    const w = c.right[i] === 0 ? 1 : -1;
    const b = r - q;
    const sqrtT = Math.sqrt(T);
    const v = sigma * sqrtT;
    const dq = Math.exp(-q * T);
    const dr = Math.exp(-r * T);
    const d1 = (Math.log(S / K) + (b + 0.5 * sigma * sigma) * T) / v;
    const d2 = d1 - v;
    const pdf = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
    const n1 = normCdf(w * d1);
    const n2 = normCdf(w * d2);
    const sdq = S * dq;
    const kdr = K * dr;
    const gamma = (dq * pdf) / (S * v);
    const vega = sdq * pdf * sqrtT;
    const dd = d1 * d2;
    const dd1dT = (2 * b * T - d2 * v) / (2 * T * v);
    o.price[i] = w * (sdq * n1 - kdr * n2);
    o.delta[i] = w * dq * n1;
    o.gamma[i] = gamma;
    o.vega[i] = vega;
    o.theta[i] = (-sdq * pdf * sigma) / (2 * sqrtT) - w * r * kdr * n2 + w * q * sdq * n1;
    o.rho[i] = w * kdr * T * n2;
    o.epsilon[i] = -w * T * sdq * n1;
    o.vanna[i] = (-dq * pdf * d2) / sigma;
    o.charm[i] = w * q * dq * n1 - dq * pdf * dd1dT;
    o.vomma[i] = (vega * dd) / sigma;
    o.veta[i] = vega * (q + d1 * dd1dT - 0.5 / T);
    o.speed[i] = (-gamma / S) * (1 + d1 / v);
    o.zomma[i] = (gamma * (dd - 1)) / sigma;
    o.color[i] = gamma * (q + d1 * dd1dT + 0.5 / T);
    o.ultima[i] = (-vega / (sigma * sigma)) * (dd * (1 - dd) + d1 * d1 + d2 * d2);
    o.dualDelta[i] = -w * dr * n2;
    o.dualGamma[i] = (sdq * pdf) / (K * K * v);
  }
}
