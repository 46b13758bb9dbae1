/**
 * Bjerksund–Stensland (2002) approximation of American prices (two-step flat boundary), as in
 * Haug, "The Complete Guide to Option Pricing Formulas" (2nd ed., §3.2.4). Puts through the
 * put–call transformation P(S, K, T, r, b, σ) = C(K, S, T, r − b, −b, σ). A fast lower-bound
 * approximation, not the accurate default `priceAmerican`.
 */
import type { VanillaInputs } from '../../types.ts';
import { assertVanillaInputs, priceEuropean } from '../black-scholes.ts';
import { normCdf } from '../normal.ts';
import { gaussLegendre } from './gauss-legendre.ts';

const BVN_RULE = gaussLegendre(24);

/**
 * P(X ≤ h, Y ≤ k) for standard normals with correlation ρ, |ρ| ≤ 0.8 (BS2002 only uses ±√0.618):
 * Φ(h)Φ(k) + (1/2π)∫₀^{asin ρ} exp(−(h² − 2hk sinθ + k²)/(2cos²θ)) dθ by 24-point Gauss–Legendre
 * (Drezner–Wesolowsky's representation; smooth for these ρ, so the rule is good to ~1e-15).
 */
export function bivariateNormalCdf(h: number, k: number, rho: number): number {
  if (!(Math.abs(rho) <= 0.8)) throw new RangeError('bivariateNormalCdf supports |rho| ≤ 0.8');
  const top = Math.asin(rho);
  let sum = 0;
  for (let i = 0; i < BVN_RULE.x.length; i++) {
    const theta = 0.5 * top * (1 + (BVN_RULE.x[i] ?? 0));
    const sn = Math.sin(theta);
    const cs2 = 1 - sn * sn;
    sum += (BVN_RULE.w[i] ?? 0) * Math.exp(-(h * h - 2 * h * k * sn + k * k) / (2 * cs2));
  }
  return normCdf(h) * normCdf(k) + (0.5 * top * sum) / (2 * Math.PI);
}

function phi(
  S: number,
  T: number,
  gamma: number,
  H: number,
  I: number,
  r: number,
  b: number,
  v: number,
): number {
  const lambda = (-r + gamma * b + 0.5 * gamma * (gamma - 1) * v * v) * T;
  const sd = v * Math.sqrt(T);
  const d = -(Math.log(S / H) + (b + (gamma - 0.5) * v * v) * T) / sd;
  const kappa = (2 * b) / (v * v) + (2 * gamma - 1);
  return (
    Math.exp(lambda) * S ** gamma * (normCdf(d) - (I / S) ** kappa * normCdf(d - (2 * Math.log(I / S)) / sd))
  );
}

function psi(
  S: number,
  T: number,
  gamma: number,
  H: number,
  I2: number,
  I1: number,
  t1: number,
  r: number,
  b: number,
  v: number,
): number {
  const mu = b + (gamma - 0.5) * v * v;
  const s1 = v * Math.sqrt(t1);
  const sT = v * Math.sqrt(T);
  const e1 = (Math.log(S / I1) + mu * t1) / s1;
  const e2 = (Math.log((I2 * I2) / (S * I1)) + mu * t1) / s1;
  const e3 = (Math.log(S / I1) - mu * t1) / s1;
  const e4 = (Math.log((I2 * I2) / (S * I1)) - mu * t1) / s1;
  const f1 = (Math.log(S / H) + mu * T) / sT;
  const f2 = (Math.log((I2 * I2) / (S * H)) + mu * T) / sT;
  const f3 = (Math.log((I1 * I1) / (S * H)) + mu * T) / sT;
  const f4 = (Math.log((S * I1 * I1) / (H * I2 * I2)) + mu * T) / sT;
  const rho = Math.sqrt(t1 / T);
  const lambda = -r + gamma * b + 0.5 * gamma * (gamma - 1) * v * v;
  const kappa = (2 * b) / (v * v) + (2 * gamma - 1);
  return (
    Math.exp(lambda * T) *
    S ** gamma *
    (bivariateNormalCdf(-e1, -f1, rho) -
      (I2 / S) ** kappa * bivariateNormalCdf(-e2, -f2, rho) -
      (I1 / S) ** kappa * bivariateNormalCdf(-e3, -f3, -rho) +
      (I1 / I2) ** kappa * bivariateNormalCdf(-e4, -f4, -rho))
  );
}

/** BS2002 American call with cost of carry b (S, K > 0, T > 0, v > 0). */
function call2002(S: number, K: number, T: number, r: number, b: number, v: number): number {
  const european = (): number =>
    priceEuropean({ right: 'call', spot: S, strike: K, tYears: T, rate: r, dividendYield: r - b, vol: v });
  if (b >= r) return european();
  const v2 = v * v;
  const beta = 0.5 - b / v2 + Math.sqrt((b / v2 - 0.5) ** 2 + (2 * r) / v2);
  const bInf = (beta / (beta - 1)) * K;
  const b0 = Math.max(K, (r / (r - b)) * K);
  const t1 = 0.5 * (Math.sqrt(5) - 1) * T;
  const h1 = (-(b * t1 + 2 * v * Math.sqrt(t1)) * K * K) / ((bInf - b0) * b0);
  const h2 = (-(b * T + 2 * v * Math.sqrt(T)) * K * K) / ((bInf - b0) * b0);
  const I1 = b0 + (bInf - b0) * (1 - Math.exp(h1));
  const I2 = b0 + (bInf - b0) * (1 - Math.exp(h2));
  if (S >= I2) return S - K;
  const alpha1 = (I1 - K) * I1 ** -beta;
  const alpha2 = (I2 - K) * I2 ** -beta;
  const value =
    alpha2 * S ** beta -
    alpha2 * phi(S, t1, beta, I2, I2, r, b, v) +
    phi(S, t1, 1, I2, I2, r, b, v) -
    phi(S, t1, 1, I1, I2, r, b, v) -
    K * phi(S, t1, 0, I2, I2, r, b, v) +
    K * phi(S, t1, 0, I1, I2, r, b, v) +
    alpha1 * phi(S, t1, beta, I1, I2, r, b, v) -
    alpha1 * psi(S, T, beta, I1, I2, I1, t1, r, b, v) +
    psi(S, T, 1, I1, I2, I1, t1, r, b, v) -
    psi(S, T, 1, K, I2, I1, t1, r, b, v) -
    K * psi(S, T, 0, I1, I2, I1, t1, r, b, v) +
    K * psi(S, T, 0, K, I2, I1, t1, r, b, v);
  return Math.max(value, european(), S - K, 0);
}

/** Bjerksund–Stensland 2002 American price (per unit of underlying). */
export function priceAmericanBS2002(o: VanillaInputs): number {
  assertVanillaInputs(o);
  const { spot: S, strike: K, tYears: T, rate: r, dividendYield: q, vol: v } = o;
  const intrinsic = Math.max(o.right === 'call' ? S - K : K - S, 0);
  if (T === 0 || v === 0) return Math.max(priceEuropean(o), intrinsic);
  const b = r - q;
  if (o.right === 'call') return call2002(S, K, T, r, b, v);
  if (r <= 0 && r <= q) return priceEuropean(o);
  return call2002(K, S, T, r - b, -b, v);
}
