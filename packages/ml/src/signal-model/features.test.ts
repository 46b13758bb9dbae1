import { createRng } from '@zomma/engine/rng';
import { DEFAULT_SIM_PARAMS, stepUnderlying } from '@zomma/engine/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { momentumZ } from '../baseline-rule.ts';
import {
  computeFeatures,
  LOOKBACK_RETURNS,
  N_SIGNAL_FEATURES,
  type QuotePoint,
  SIGNAL_FEATURE_NAMES,
} from './features.ts';

const DAY = 86_400_000;
const YEAR_MS = 365 * DAY;
const T0 = Date.UTC(2026, 2, 2, 15);

/** `n` quotes `stepMs` apart from the simulator (seeded), oldest first. */
function simQuotes(seed: number, n: number, stepMs: number, drift = 0.05): QuotePoint[] {
  const rng = createRng(seed);
  let s = { price: 100, vol: 0.25 };
  const out: QuotePoint[] = [];
  for (let k = 0; k < n; k++) {
    if (k > 0) s = stepUnderlying(s, stepMs / YEAR_MS, rng, { ...DEFAULT_SIM_PARAMS, drift });
    out.push({ at: new Date(T0 + k * stepMs), price: s.price, vol: s.vol });
  }
  return out;
}

const feature = (values: Float64Array, name: string) => values[SIGNAL_FEATURE_NAMES.indexOf(name)] as number;

function ok(r: ReturnType<typeof computeFeatures>): Float64Array {
  if (!r.ok) throw new Error(`features: ${r.reason}`);
  return r.values;
}

describe('computeFeatures', () => {
  const quotes = simQuotes(1, LOOKBACK_RETURNS + 1, DAY);
  const asOf = (quotes.at(-1) as QuotePoint).at;
  const opts = { asOf, intervalYears: 1 / 365 };

  it('gives one finite value per named feature', () => {
    const v = ok(computeFeatures(quotes, opts));
    expect(v).toHaveLength(N_SIGNAL_FEATURES);
    expect(new Set(SIGNAL_FEATURE_NAMES).size).toBe(N_SIGNAL_FEATURES);
    expect(N_SIGNAL_FEATURES).toBeGreaterThanOrEqual(10);
    expect(N_SIGNAL_FEATURES).toBeLessThanOrEqual(30);
    for (const x of v) expect(Number.isFinite(x)).toBe(true);
  });

  it('is point in time: quotes after asOf change no feature, whatever they are', () => {
    const base = ok(computeFeatures(quotes, opts));
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            afterMs: fc.integer({ min: 1, max: 100 * DAY }),
            price: fc.double({ min: 1, max: 1000, noNaN: true }),
            vol: fc.double({ min: 0.01, max: 3, noNaN: true }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (future) => {
          const extra = future.map((f) => ({
            at: new Date(asOf.getTime() + f.afterMs),
            price: f.price,
            vol: f.vol,
          }));
          // Newest first, as the handler reads them, with the future mixed in.
          const all = [...quotes, ...extra].reverse();
          expect(ok(computeFeatures(all, opts))).toEqual(base);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('does change when a past quote changes (the check above can fail)', () => {
    const base = ok(computeFeatures(quotes, opts));
    const edited = quotes.map((q, k) => (k === 50 ? { ...q, price: q.price * 1.02 } : q));
    const v = ok(computeFeatures(edited, opts));
    // (Window sums telescope, so a mid-window price moves the vols and the MA gap, not mom_z.)
    expect(feature(v, 'rv_20')).not.toBe(feature(base, 'rv_20'));
    expect(feature(v, 'ma_gap_z_60')).not.toBe(feature(base, 'ma_gap_z_60'));
    const latest = quotes.map((q, k) => (k === 60 ? { ...q, price: q.price * 1.02 } : q));
    expect(feature(ok(computeFeatures(latest, opts)), 'mom_z_5')).not.toBe(feature(base, 'mom_z_5'));
  });

  it('uses only the newest 61 quotes at or before asOf', () => {
    const longer = simQuotes(1, 200, DAY);
    const at = (longer[150] as QuotePoint).at;
    const v = ok(computeFeatures(longer, { asOf: at, intervalYears: 1 / 365 }));
    const window = longer.slice(90, 151);
    expect(ok(computeFeatures(window, { asOf: at, intervalYears: 1 / 365 }))).toEqual(v);
  });

  it('needs 61 quotes', () => {
    const r = computeFeatures(quotes.slice(1), opts);
    expect(r).toEqual({ ok: false, reason: 'INSUFFICIENT_HISTORY', quotes: LOOKBACK_RETURNS });
  });

  it("mom_z_60 is the baseline rule's momentum z", () => {
    const v = ok(computeFeatures(quotes, opts));
    const returns = quotes.slice(1).map((q, k) => Math.log(q.price / (quotes[k] as QuotePoint).price));
    const vol = (quotes.at(-1) as QuotePoint).vol;
    expect(feature(v, 'mom_z_60')).toBeCloseTo(momentumZ(returns, vol, 1 / 365), 12);
  });

  it('realized vols and ratios on a hand-made path: returns alternate ±a', () => {
    const a = 0.01;
    const dt = 1 / 365;
    const path: QuotePoint[] = [];
    let logP = Math.log(100);
    for (let k = 0; k <= LOOKBACK_RETURNS; k++) {
      if (k > 0) logP += k % 2 === 1 ? a : -a;
      path.push({ at: new Date(T0 + k * DAY), price: Math.exp(logP), vol: 0.3 });
    }
    const v = ok(computeFeatures(path, { asOf: (path.at(-1) as QuotePoint).at, intervalYears: dt }));
    const rv = a / Math.sqrt(dt); // every r² = a²
    for (const name of ['rv_10', 'rv_20', 'rv_60']) expect(feature(v, name)).toBeCloseTo(rv, 10);
    expect(feature(v, 'vol_over_rv_60')).toBeCloseTo(0.3 / rv, 10);
    expect(feature(v, 'rv_over_iv_path_60')).toBeCloseTo(rv / 0.3, 10);
    expect(feature(v, 'mom_z_60')).toBeCloseTo(0, 10); // 30 up, 30 down
    expect(feature(v, 'up_fraction_60')).toBe(0.5);
    expect(feature(v, 'downside_share_60')).toBeCloseTo(0.5, 12);
    expect(feature(v, 'vol_z_60')).toBe(0); // constant vol
    expect(feature(v, 'vol_change_20')).toBe(0);
  });

  it('is finite on a flat price (zero realized vol): ratios clamp', () => {
    const flat = quotes.map((q) => ({ ...q, price: 100 }));
    const v = ok(computeFeatures(flat, opts));
    for (const x of v) expect(Number.isFinite(x)).toBe(true);
    expect(feature(v, 'vol_over_rv_60')).toBe(20);
    expect(feature(v, 'trend_t_60')).toBe(0);
  });

  it('does not depend on the quote interval: the same standardized path at 1 day and at 2 s', () => {
    // Build two paths with identical standardized returns z_k = r_k / (vol·√Δt) and identical vols.
    const rng = createRng(9);
    const zs = Array.from({ length: LOOKBACK_RETURNS }, () => rng.normal() + 0.1);
    const vols = Array.from({ length: LOOKBACK_RETURNS + 1 }, (_, k) => 0.2 + 0.001 * k);
    const pathAt = (stepMs: number) => {
      const dt = stepMs / YEAR_MS;
      let logP = Math.log(100);
      return vols.map((vol, k) => {
        if (k > 0) logP += (vols[k - 1] as number) * Math.sqrt(dt) * (zs[k - 1] as number);
        return { at: new Date(T0 + k * stepMs), price: Math.exp(logP), vol };
      });
    };
    const daily = pathAt(DAY);
    const ticks = pathAt(2000);
    const vd = ok(
      computeFeatures(daily, { asOf: (daily.at(-1) as QuotePoint).at, intervalYears: DAY / YEAR_MS }),
    );
    const vt = ok(
      computeFeatures(ticks, { asOf: (ticks.at(-1) as QuotePoint).at, intervalYears: 2000 / YEAR_MS }),
    );
    vd.forEach((x, j) => {
      // Rounding of exp/log at tiny returns: 1e-6 relative is far below any split that matters.
      expect(vt[j] as number, SIGNAL_FEATURE_NAMES[j]).toBeCloseTo(x, 5);
    });
  });

  it('rejects a corrupt quote and a bad interval', () => {
    const bad = quotes.map((q, k) => (k === 60 ? { ...q, vol: Number.NaN } : q));
    expect(() => computeFeatures(bad, opts)).toThrow(RangeError);
    expect(() => computeFeatures(quotes, { asOf, intervalYears: 0 })).toThrow(RangeError);
  });
});
