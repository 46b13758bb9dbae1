/**
 * Real chain check: our implied vols from the mid against the vendor's `impliedvol` column of
 * /work/shared/data/real/VXX_2016-12_chains.csv (20 quote dates, 16 expiries, ~28k rows).
 *
 * Method: per (quote date, expiry), T = calendar days / 365; the forward F from put–call parity
 * C − P = D·(F − K) on the (up to) six strikes nearest the spot where both sides have a bid
 * (median of K + (C_mid − P_mid)/D, D = e^{−0.5%·T}); the dividend yield is then the carry
 * q = r − ln(F/S)/T. Compared: out-of-the-money options (calls K ≥ F, puts K < F: no early-exercise
 * premium to speak of) with a bid, skipping the vendor's 0.01 placeholders.
 *
 * Observed (10,242 options): median |ours − vendor| = 1.22 vol points, 95th percentile 4.90;
 * by tenor: < 18 days median 2.2 / p95 10.9, 18 days–3 months 1.1 / 3.8, ≥ 3 months 1.0 / 3.6.
 * The vendor's vol lies inside our bid–ask vol band for 54% of them. Why they differ:
 * - carry: VXX is hard to borrow, its parity forward is below spot; the vendor does not use it —
 *   its call and put vols at one strike differ (01 Dec 2016, 17 Dec expiry, K = 29: call 73.6%,
 *   put 78.5%) where ours coincide by construction;
 * - time convention: counting one day less moves the median to 1.00 and most of the tail is in
 *   the shortest expiries, where a day is a large share of T;
 * - the vendor's model (American, its own rate) and its quote time.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OptionRight } from '../types.ts';
import { impliedVol } from './implied-vol.ts';
import { impliedVolBidAsk } from './implied-vol-bid-ask.ts';

const RATE = 0.005;
const PLACEHOLDER_IV = 0.01;

interface Row {
  right: OptionRight;
  expiry: string;
  quoteDate: string;
  strike: number;
  spot: number;
  bid: number;
  ask: number;
  vendorIv: number;
}

function loadChain(): Row[] {
  const text = readFileSync(
    new URL('../../../../../shared/data/real/VXX_2016-12_chains.csv', import.meta.url),
    'utf8',
  ).trim();
  const [header = '', ...lines] = text.split('\n');
  const names = header.split(',').map((s) => s.trim());
  const at = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`column ${name} missing`);
    return i;
  };
  const [iType, iExp, iQd, iK, iS, iBid, iAsk, iIv] = [
    'type',
    'expiration',
    'quotedate',
    'strike',
    'underlying_last',
    'bid',
    'ask',
    'impliedvol',
  ].map(at);
  return lines.map((line) => {
    const c = line.split(',');
    const num = (i: number | undefined) => Number(c[i ?? -1]);
    return {
      right: c[iType ?? -1] === 'put' ? 'put' : 'call',
      expiry: c[iExp ?? -1] ?? '',
      quoteDate: c[iQd ?? -1] ?? '',
      strike: num(iK),
      spot: num(iS),
      bid: num(iBid),
      ask: num(iAsk),
      vendorIv: num(iIv),
    };
  });
}

/** MM/DD/YYYY → ms since epoch (UTC midnight). */
function dayOf(s: string): number {
  const [m = 1, d = 1, y = 1970] = s.split('/').map(Number);
  return Date.UTC(y, m - 1, d);
}

/** Parity forward from the ≤ 6 two-sided strikes nearest the spot; undefined if fewer than 2. */
function parityForward(group: Row[], discount: number): number | undefined {
  const spot = group[0]?.spot ?? 0;
  const calls = new Map(
    group.filter((r) => r.right === 'call' && r.bid > 0 && r.ask > r.bid).map((r) => [r.strike, r]),
  );
  const estimates = group
    .filter((p) => p.right === 'put' && p.bid > 0 && p.ask > p.bid && calls.has(p.strike))
    .sort((a, b) => Math.abs(a.strike - spot) - Math.abs(b.strike - spot))
    .slice(0, 6)
    .map((p) => {
      const c = calls.get(p.strike);
      const callMid = c ? 0.5 * (c.bid + c.ask) : 0;
      return p.strike + (callMid - 0.5 * (p.bid + p.ask)) / discount;
    })
    .sort((a, b) => a - b);
  if (estimates.length < 2) return undefined;
  return estimates[Math.floor(estimates.length / 2)];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

describe('VXX December 2016 chain: implied vol from the mid vs the vendor', () => {
  const groups = new Map<string, Row[]>();
  for (const r of loadChain()) {
    const key = `${r.quoteDate}|${r.expiry}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const diffs: number[] = [];
  let failures = 0;
  let inside = 0;
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    const tYears = (dayOf(first.expiry) - dayOf(first.quoteDate)) / 86_400_000 / 365;
    if (!(tYears > 0)) continue;
    const forward = parityForward(group, Math.exp(-RATE * tYears));
    if (forward === undefined) continue;
    const dividendYield = RATE - Math.log(forward / first.spot) / tYears;
    for (const o of group) {
      if (o.vendorIv === PLACEHOLDER_IV || !(o.bid > 0) || !(o.ask >= o.bid)) continue;
      if (o.right === 'call' ? o.strike < forward : o.strike >= forward) continue;
      const base = { right: o.right, spot: o.spot, strike: o.strike, tYears, rate: RATE, dividendYield };
      const res = impliedVol({ ...base, price: 0.5 * (o.bid + o.ask) });
      if (!res.ok) {
        failures++;
        continue;
      }
      diffs.push(100 * Math.abs(res.vol - o.vendorIv));
      const band = impliedVolBidAsk({ ...base, bid: o.bid, ask: o.ask });
      if (band.bid.ok && band.ask.ok && o.vendorIv >= band.bid.vol && o.vendorIv <= band.ask.vol) inside++;
    }
  }

  it('solves every out-of-the-money mid (over 10,000 options, zero failures)', () => {
    expect(diffs.length).toBeGreaterThan(10_000);
    expect(failures).toBe(0);
  });
  it('agreement band: median ≤ 1.5 and 95th percentile ≤ 6 vol points (observed 1.22 / 4.90)', () => {
    expect(percentile(diffs, 0.5)).toBeLessThanOrEqual(1.5);
    expect(percentile(diffs, 0.95)).toBeLessThanOrEqual(6);
  });
  it('the vendor vol lies inside our bid–ask vol band for about half the options (observed 54%)', () => {
    expect(inside / diffs.length).toBeGreaterThan(0.45);
  });
});
