/**
 * Columnar Black–Scholes–Merton price + 16 Greeks (the kernel the scalar `greeksEuropean` also runs).
 *
 * Per option: 3 exp (e^{−rT}, e^{−qT}, e^{−d1²/2}), 1 log, 1 sqrt, 2 normal CDFs that reuse the
 * Gaussian factor (Φ(±d) = ½·e^{−d²/2}·erfcx(|d|/√2), Cody's rational erfcx; e^{−d2²/2} = e^{−d1²/2}·F/K),
 * a handful of divisions, no allocation. Formulas (ω = +1 call / −1 put, b = r − q, v = σ√T,
 * x = ln(S/K) + bT, d1 = x/v + v/2, d2 = d1 − v, N1 = Φ(ωd1), N2 = Φ(ωd2), sc = S·e^{−qT},
 * kd = K·e^{−rT}, sn = sc·φ(d1) (= kd·φ(d2)):
 *   price = max(ω(sc·N1 − kd·N2), 0)        delta = ω·e^{−qT}·N1        gamma = sn/(S²v)
 *   vega = sn·√T                            rho = ω·T·kd·N2             epsilon = −ω·T·sc·N1
 *   theta = −sn·σ/(2√T) + ω(q·sc·N1 − r·kd·N2)                         dualDelta = −ω·e^{−rT}·N2
 *   dualGamma = sn/(K²v)     vanna = −(vega/S)·d2/v     vomma = vega·d1·d2/σ
 *   charm = ω·q·e^{−qT}·N1 − (sn/S)·(b/v − d2/(2T))
 *   veta = vega·(q + b·d1/v − (1 + d1·d2)/(2T))     color = gamma·(q + b·d1/v + (1 − d1·d2)/(2T))
 *   speed = −(gamma/S)·(1 + d1/v)           zomma = gamma·(d1·d2 − 1)/σ
 *   ultima = −(vega/σ²)·(d1·d2·(1 − d1·d2) + d1² + d2²)
 * Branches: the regular path above when v > 0 and |d1| < 37.5; a tail path when |d1| ≥ 37.5
 * (φ(d1) < 1e-306: every φ-carrying term is 0, N1 and N2 from `normCdf`); the degenerate path
 * (T = 0 or σ < 1e-100) documented on `greeksEuropean` in greeks.ts.
 */
import { normCdf } from './normal.ts';

/** Output fields in order: the price and the 16 Greeks. */
export const GREEK_FIELDS = [
  'price',
  'delta',
  'gamma',
  'vega',
  'theta',
  'rho',
  'epsilon',
  'vanna',
  'charm',
  'vomma',
  'veta',
  'speed',
  'zomma',
  'color',
  'ultima',
  'dualDelta',
  'dualGamma',
] as const;
export type GreekField = (typeof GREEK_FIELDS)[number];

/** Input columns (equal lengths). `right`: 0 call, 1 put; the rest as in `VanillaInputs`. */
export interface GreeksBatchInput {
  right: Uint8Array;
  spot: Float64Array;
  strike: Float64Array;
  tYears: Float64Array;
  rate: Float64Array;
  dividendYield: Float64Array;
  vol: Float64Array;
}

/** One Float64Array per output field, each as long as the input. */
export type GreeksBatchOutput = Record<GreekField, Float64Array>;

/** Allocates output columns for `n` options. */
export function createGreeksColumns(n: number): GreeksBatchOutput {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('column length must be a non-negative integer');
  const out: Partial<GreeksBatchOutput> = {};
  for (const f of GREEK_FIELDS) out[f] = new Float64Array(n);
  return out as GreeksBatchOutput;
}

/** Below this σ the σ → 0 limits are used (they agree with the formulas to O(σ²T) < 1e-190). */
export const GREEKS_SIGMA_MIN = 1e-100;

// Performance note: the hot helpers below and the loop use numeric literals rather than named
// module constants. V8 loads a module `const` from its context slot (two dependent loads per use);
// with ~40 coefficients per option, literals measured 8% faster. Values and names are listed here:
//   GREEKS_SIGMA_MIN = 1e-100; D1_MAX = 37.5 (beyond it φ(d1) < 1e-306 and F/K < e^{703}, so the
//   regular path cannot overflow); 1/√(2π) = 0.3989422804014327; 1/√π = 0.5641895835477563;
//   Veltkamp splitter 2^27 + 1 = 134217729; Cody's erf/erfc split at |z| = 0.46875 and 4.
// Coefficients: W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp.
// 23 (1969) 631–638 (Netlib SPECFUN CALERF), the same doubles as normal.ts.

/** erfc(y)·e^{y²} for y > 4 (Cody's asymptotic rational form in z = 1/y²). */
function erfcxFar(y: number): number {
  const z = 1 / (y * y);
  const num =
    ((((0.016315387137302097 * z + 0.30532663496123236) * z + 0.36034489994980445) * z +
      0.12578172611122926) *
      z +
      0.016083785148742275) *
      z +
    0.0006587491615298378;
  const den =
    ((((z + 2.568520192289822) * z + 1.8729528499234604) * z + 0.5279051029514285) * z +
      0.06051834131244132) *
      z +
    0.0023352049762686918;
  return (0.5641895835477563 - (z * num) / den) / y;
}

/** erfc(y)·e^{y²} for y > 0.46875. Split so the common 0.46875 < y ≤ 4 branch inlines twice. */
function erfcxTail(y: number): number {
  if (y > 4) return erfcxFar(y);
  const num =
    (((((((2.1531153547440383e-8 * y + 0.5641884969886701) * y + 8.883149794388377) * y + 66.11919063714163) *
      y +
      298.6351381974001) *
      y +
      881.952221241769) *
      y +
      1712.0476126340707) *
      y +
      2051.0783778260716) *
      y +
    1230.3393547979972;
  const den =
    (((((((y + 15.744926110709835) * y + 117.6939508913125) * y + 537.1811018620099) * y +
      1621.3895745666903) *
      y +
      3290.7992357334597) *
      y +
      4362.619090143247) *
      y +
      3439.3676741437216) *
      y +
    1230.3393548037495;
  return num / den;
}

/** Φ(s) given gauss = e^{−s²/2}. */
function cdfWithGauss(s: number, gauss: number): number {
  const z = s * Math.SQRT1_2;
  const y = Math.abs(z);
  if (y <= 0.46875) {
    const w = z * z;
    const num =
      z *
      ((((0.18577770618460315 * w + 3.1611237438705655) * w + 113.86415415105016) * w + 377.485237685302) *
        w +
        3209.3775891384694);
    const den =
      (((w + 23.601290952344122) * w + 244.02463793444417) * w + 1282.6165260773723) * w + 2844.236833439171;
    return 0.5 + (0.5 * num) / den;
  }
  const c = 0.5 * gauss * erfcxTail(y);
  return s > 0 ? 1 - c : c;
}

/** e^{−d²/2} with d² carried exactly (Dekker's product error as a first-order correction). */
function gaussFactor(d: number): number {
  const p = d * d;
  const c = 134217729 * d;
  const hi = c - (c - d);
  const lo = d - hi;
  const err = hi * hi - p + 2 * hi * lo + lo * lo;
  return Math.exp(-0.5 * p) * (1 - 0.5 * err);
}

function invalid(i: number): never {
  throw new RangeError(
    `greeks input ${i}: right must be 0|1, spot and strike > 0, tYears ≥ 0, vol ≥ 0, all finite`,
  );
}

/**
 * Fills out[*][i] for i in [start, end). Inputs are validated per row (RangeError: programmer error).
 * One monomorphic loop; callers have checked the lengths.
 */
export function fillGreeks(cols: GreeksBatchInput, out: GreeksBatchOutput, start: number, end: number): void {
  const { right, spot, strike, tYears, rate, dividendYield, vol } = cols;
  const oPrice = out.price;
  const oDelta = out.delta;
  const oGamma = out.gamma;
  const oVega = out.vega;
  const oTheta = out.theta;
  const oRho = out.rho;
  const oEpsilon = out.epsilon;
  const oVanna = out.vanna;
  const oCharm = out.charm;
  const oVomma = out.vomma;
  const oVeta = out.veta;
  const oSpeed = out.speed;
  const oZomma = out.zomma;
  const oColor = out.color;
  const oUltima = out.ultima;
  const oDualDelta = out.dualDelta;
  const oDualGamma = out.dualGamma;
  for (let i = start; i < end; i++) {
    const flag = right[i] ?? 2;
    const s = spot[i] ?? Number.NaN;
    const k = strike[i] ?? Number.NaN;
    const t = tYears[i] ?? Number.NaN;
    const r = rate[i] ?? Number.NaN;
    const q = dividendYield[i] ?? Number.NaN;
    const sig = vol[i] ?? Number.NaN;
    const sum = s + k + t + r + q + sig;
    if (!(s > 0 && k > 0 && t >= 0 && sig >= 0 && sum - sum === 0 && flag <= 1)) invalid(i);
    const w = flag === 0 ? 1 : -1;
    const dr = Math.exp(-r * t);
    const dq = Math.exp(-q * t);
    const sc = s * dq;
    const kd = k * dr;
    const b = r - q;
    const x = Math.log(s / k) + b * t;
    const sqrtT = Math.sqrt(t);
    const v = sig * sqrtT;
    const d1 = x / v + 0.5 * v;
    let price: number;
    let delta: number;
    let gamma = 0;
    let vega = 0;
    let theta: number;
    let rho: number;
    let epsilon: number;
    let vanna = 0;
    let charm: number;
    let vomma = 0;
    let veta = 0;
    let speed = 0;
    let zomma = 0;
    let color = 0;
    let ultima = 0;
    let dualDelta: number;
    let dualGamma = 0;
    if (sig >= 1e-100 && t > 0 && Math.abs(d1) < 37.5) {
      const d2 = d1 - v;
      const g1 = gaussFactor(d1);
      const n1 = cdfWithGauss(w * d1, g1);
      const n2 = cdfWithGauss(w * d2, g1 * (sc / kd));
      const sn = sc * g1 * 0.3989422804014327;
      const invV = 1 / v;
      const invS = 1 / s;
      const invK = 1 / k;
      const invSig = 1 / sig;
      const halfInvT = 0.5 / t;
      const d1d2 = d1 * d2;
      const bd1v = b * d1 * invV;
      const scN1 = sc * n1;
      const kdN2 = kd * n2;
      price = Math.max(w * (scN1 - kdN2), 0);
      delta = w * dq * n1;
      gamma = sn * invV * invS * invS;
      vega = sn * sqrtT;
      theta = (-0.5 * sn * sig) / sqrtT + w * (q * scN1 - r * kdN2);
      rho = w * t * kdN2;
      epsilon = -w * t * scN1;
      vanna = -vega * invS * d2 * invV;
      // (0.5·d2)/t, not d2·halfInvT: for t < 2.8e-309 halfInvT is Infinity and d2 may be exactly 0.
      charm = w * q * dq * n1 - sn * invS * (b * invV - (0.5 * d2) / t);
      vomma = vega * d1d2 * invSig;
      veta = vega * (q + bd1v - (1 + d1d2) * halfInvT);
      speed = -gamma * invS * (1 + d1 * invV);
      zomma = gamma * (d1d2 - 1) * invSig;
      color = gamma * (q + bd1v + (1 - d1d2) * halfInvT);
      ultima = -vega * invSig * invSig * (d1d2 * (1 - d1d2) + d1 * d1 + d2 * d2);
      dualDelta = -w * dr * n2;
      dualGamma = sn * invV * invK * invK;
    } else if (sig >= 1e-100 && t > 0) {
      // Tail: φ(d1) < 1e-306, so every φ-carrying Greek is 0; Φ values still matter.
      const n1 = normCdf(w * d1);
      const n2 = normCdf(w * (d1 - v));
      price = Math.max(w * (sc * n1 - kd * n2), 0);
      delta = w * dq * n1;
      theta = w * (q * sc * n1 - r * kd * n2);
      rho = w * t * kd * n2;
      epsilon = -w * t * sc * n1;
      charm = w * q * dq * n1;
      dualDelta = -w * dr * n2;
    } else {
      // Degenerate (T = 0 or σ → 0): N1 = N2 = H, 1 in the money, ½ at the kink (x = 0), 0 out.
      const m = w * x;
      const h = m > 0 ? 1 : m < 0 ? 0 : 0.5;
      price = m > 0 ? w * (sc - kd) : 0;
      if (price < 0) price = 0;
      delta = w * dq * h;
      theta = w * h * (q * sc - r * kd);
      rho = w * t * kd * h;
      epsilon = -w * t * sc * h;
      charm = w * q * dq * h;
      dualDelta = -w * dr * h;
      if (m === 0 && t > 0) {
        // At the kink with T > 0 the σ → 0 limits of the φ(0)-carrying Greeks are finite.
        vega = sc * 0.3989422804014327 * sqrtT;
        vanna = (0.5 * vega) / s;
        veta = vega * (q + 0.5 * b - 0.5 / t);
        ultima = -0.25 * vega * t;
      }
    }
    oPrice[i] = price;
    oDelta[i] = delta;
    oGamma[i] = gamma;
    oVega[i] = vega;
    oTheta[i] = theta;
    oRho[i] = rho;
    oEpsilon[i] = epsilon;
    oVanna[i] = vanna;
    oCharm[i] = charm;
    oVomma[i] = vomma;
    oVeta[i] = veta;
    oSpeed[i] = speed;
    oZomma[i] = zomma;
    oColor[i] = color;
    oUltima[i] = ultima;
    oDualDelta[i] = dualDelta;
    oDualGamma[i] = dualGamma;
  }
}

/**
 * Price and all 16 Greeks for every row of `cols` (see the module comment for the formulas).
 * `out` is filled in place and returned when given (each column must have the input's length);
 * otherwise new columns are allocated. Throws RangeError on mismatched lengths or invalid rows.
 */
export function greeksBatch(cols: GreeksBatchInput, out?: GreeksBatchOutput): GreeksBatchOutput {
  const n = cols.right.length;
  const inputs = [cols.spot, cols.strike, cols.tYears, cols.rate, cols.dividendYield, cols.vol];
  for (const c of inputs)
    if (c.length !== n) throw new RangeError('greeksBatch: input columns differ in length');
  const target = out ?? createGreeksColumns(n);
  for (const f of GREEK_FIELDS) {
    if (target[f].length !== n)
      throw new RangeError(`greeksBatch: out.${f} has length ${target[f].length}, want ${n}`);
  }
  fillGreeks(cols, target, 0, n);
  return target;
}
