/**
 * Barone-Adesi–Whaley (1987) quadratic approximation of American prices, as in Haug, "The Complete
 * Guide to Option Pricing Formulas" (2nd ed., §3.2.1): cost of carry b = r − q; the critical price
 * is found by Newton's method from Haug's seed. A fast approximation (errors of order 1e-2 on
 * long-dated options), not the accurate default `priceAmerican`.
 */
import type { VanillaInputs } from '../../types.ts';
import { assertVanillaInputs, priceEuropean } from '../black-scholes.ts';
import { normCdf, normPdf } from '../normal.ts';

function european(right: 'call' | 'put', S: number, o: VanillaInputs): number {
  return priceEuropean({ ...o, right, spot: S });
}

/** Barone-Adesi–Whaley American price (per unit of underlying). */
export function priceAmericanBAW(o: VanillaInputs): number {
  assertVanillaInputs(o);
  const { spot: S, strike: K, tYears: T, rate: r, dividendYield: q, vol: sigma } = o;
  const b = r - q;
  const intrinsic = Math.max(o.right === 'call' ? S - K : K - S, 0);
  if (T === 0 || sigma === 0) return Math.max(priceEuropean(o), intrinsic);
  if (o.right === 'call' && b >= r) return priceEuropean(o);
  if (o.right === 'put' && r <= 0) return Math.max(priceEuropean(o), intrinsic);
  const sqrtT = Math.sqrt(T);
  const v = sigma * sqrtT;
  const nn = (2 * b) / (sigma * sigma);
  const mm = (2 * r) / (sigma * sigma);
  const kk = 1 - Math.exp(-r * T);
  const carry = Math.exp((b - r) * T);
  const d1 = (s: number): number => (Math.log(s / K) + (b + 0.5 * sigma * sigma) * T) / v;

  if (o.right === 'call') {
    const q2 = 0.5 * (-(nn - 1) + Math.sqrt((nn - 1) * (nn - 1) + (4 * mm) / kk));
    const q2inf = 0.5 * (-(nn - 1) + Math.sqrt((nn - 1) * (nn - 1) + 4 * mm));
    const sInf = K / (1 - 1 / q2inf);
    const h2 = (-(b * T + 2 * v) * K) / (sInf - K);
    let si = K + (sInf - K) * (1 - Math.exp(h2));
    for (let i = 0; i < 100; i++) {
      const n1 = normCdf(d1(si));
      const g = si - K - european('call', si, o) - ((1 - carry * n1) * si) / q2;
      const slope = 1 - carry * n1 - (1 - carry * n1) / q2 + (carry * normPdf(d1(si))) / (v * q2);
      const next = si - g / slope;
      const done = Math.abs(next - si) < 1e-10 * K;
      si = next > K ? next : 0.5 * (si + K);
      if (done) break;
    }
    if (S >= si) return S - K;
    const a2 = (si / q2) * (1 - carry * normCdf(d1(si)));
    return european('call', S, o) + a2 * (S / si) ** q2;
  }
  const q1 = 0.5 * (-(nn - 1) - Math.sqrt((nn - 1) * (nn - 1) + (4 * mm) / kk));
  const q1inf = 0.5 * (-(nn - 1) - Math.sqrt((nn - 1) * (nn - 1) + 4 * mm));
  const sInf = K / (1 - 1 / q1inf);
  const h1 = ((b * T - 2 * v) * K) / (K - sInf);
  let si = sInf + (K - sInf) * Math.exp(h1);
  for (let i = 0; i < 100; i++) {
    const n1 = normCdf(-d1(si));
    const h = K - si - european('put', si, o) + ((1 - carry * n1) * si) / q1;
    const slope = -1 + carry * n1 + (1 - carry * n1) / q1 + (carry * normPdf(d1(si))) / (v * q1);
    const next = si - h / slope;
    const done = Math.abs(next - si) < 1e-10 * K;
    si = next > 0 && next < K ? next : 0.5 * si;
    if (done) break;
  }
  if (S <= si) return K - S;
  const a1 = -(si / q1) * (1 - carry * normCdf(-d1(si)));
  return european('put', S, o) + a1 * (S / si) ** q1;
}
