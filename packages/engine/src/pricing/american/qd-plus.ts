/**
 * Li's QD+ approximation of the American put exercise boundary ("Analytical approximations for the
 * critical stock prices of American options: a performance comparison", Rev. Deriv. Res. 13, 2010;
 * the form used by Andersen–Lake–Offengenden as the starting boundary). The boundary S* at time to
 * expiry τ solves
 *   f(S) = (1 − e^{−qτ}Φ(−d₊))·S − β·(K − S − p(S)) + α·θ(S)/(r·e^{−rτ}) = 0
 * (QD+ with c₀ multiplied out), by Halley's method from S = X = K·min(1, r/q).
 */
import { fastNormCdf, fastNormPdf } from './fast-normal.ts';

/** QD+ put boundary at time to expiry `tau` (> 0), for r > 0, σ > 0; `xMax` = K·min(1, r/q). */
export function qdPlusPutBoundary(
  K: number,
  r: number,
  q: number,
  sigma: number,
  tau: number,
  xMax: number,
): number {
  const sigma2 = sigma * sigma;
  const v = sigma * Math.sqrt(tau);
  const dr = Math.exp(-r * tau);
  const dq = Math.exp(-q * tau);
  const h = 1 - dr;
  const omega = (2 * (r - q)) / sigma2;
  const root = Math.sqrt((omega - 1) * (omega - 1) + (8 * r) / (sigma2 * h));
  const lambda = 0.5 * (-(omega - 1) - root);
  const lambdaPrime = (2 * r) / (sigma2 * h * h * root);
  const denom = 2 * lambda + omega - 1;
  const alpha = (2 * dr * r) / (sigma2 * denom);
  const beta = alpha * (1 / h + lambdaPrime / denom) - lambda;
  const thetaScale = alpha / (r * dr);
  const xMin = xMax * 1e-10;

  let x = xMax;
  for (let iter = 0; iter < 32; iter++) {
    const dp = Math.log((x * dq) / (K * dr)) / v + 0.5 * v;
    const dm = dp - v;
    const cdfMinusDp = fastNormCdf(-dp);
    const cdfMinusDm = fastNormCdf(-dm);
    const pdfDp = fastNormPdf(dp);
    const npv = dr * K * cdfMinusDm - x * dq * cdfMinusDp;
    const theta = r * K * dr * cdfMinusDm - q * x * dq * cdfMinusDp - ((sigma2 * x) / (2 * v)) * dq * pdfDp;
    const charm = -dq * (pdfDp * ((r - q) / v - dm / (2 * tau)) + q * cdfMinusDp);
    const one = 1 - dq * cdfMinusDp;
    const f = one * x - beta * (K - x - npv) + thetaScale * theta;
    const f1 = one + (dq * pdfDp) / v + beta * one + thetaScale * charm;
    const gamma = (pdfDp * dq) / (v * x);
    const colour = gamma * (q + ((r - q) * dp) / v + (1 - dp * dm) / (2 * tau));
    const f2 = dq * (pdfDp / (x * v) - (pdfDp * dp) / (x * v * v)) + beta * gamma + thetaScale * colour;
    const lf = (f * f2) / (f1 * f1);
    const step = f / f1 / (1 - 0.5 * lf);
    if (!Number.isFinite(step)) break;
    const next = Math.min(xMax, Math.max(xMin, x - step));
    const done = Math.abs(next - x) < 1e-10 * K;
    x = next;
    if (done) break;
  }
  return x;
}
