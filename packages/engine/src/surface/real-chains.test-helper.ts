/**
 * Test-only readers of the real vendor chains in /work/shared/data/real (see its README). Not part of
 * the engine's runtime (uses node:fs); the production CSV importer lives in the worker.
 */
import { readFileSync } from 'node:fs';
import type { OptionRight } from '../types.ts';
import type { ChainQuote } from './chain-smile.ts';

export const REAL_DATA_DIR = '/work/shared/data/real';

/** One expiry of one quote date. */
export interface ExpiryChain {
  quoteDate: string;
  expiry: string;
  spot: number;
  /** Calendar days from the quote date's close to the expiry's close (Saturday dates moved to Friday) / 365. */
  tYears: number;
  quotes: ChainQuote[];
  /** Vendor bid/ask IVs by `${right}:${strike}` where the file has them (Agilent layout only). */
  vendorIv: Map<string, { bid: number; ask: number; mean: number }>;
}

function parseCsv(path: string): Array<Record<string, string>> {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    const row: Record<string, string> = {};
    header.forEach((h, i) => {
      row[h] = (cells[i] ?? '').trim();
    });
    return row;
  });
}

/** MM/DD/YYYY → UTC epoch days. */
function epochDays(mdy: string): number {
  const [m, d, y] = mdy.split('/').map(Number);
  if (m === undefined || d === undefined || y === undefined) throw new Error(`bad date ${mdy}`);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

function yearFraction(quoteDate: string, expiry: string): number {
  let days = epochDays(expiry);
  // Pre-2015-style Saturday expiration dates: the options stop trading (and settle) on the Friday.
  if (new Date(days * 86_400_000).getUTCDay() === 6) days -= 1;
  return (days - epochDays(quoteDate)) / 365;
}

const num = (s: string | undefined): number => Number(s ?? 'NaN');

function group(
  rows: Array<{
    quoteDate: string;
    expiry: string;
    spot: number;
    quote: ChainQuote;
    iv?: { bid: number; ask: number; mean: number };
  }>,
): ExpiryChain[] {
  const map = new Map<string, ExpiryChain>();
  for (const r of rows) {
    const key = `${r.quoteDate}|${r.expiry}`;
    let chain = map.get(key);
    if (!chain) {
      chain = {
        quoteDate: r.quoteDate,
        expiry: r.expiry,
        spot: r.spot,
        tYears: yearFraction(r.quoteDate, r.expiry),
        quotes: [],
        vendorIv: new Map(),
      };
      map.set(key, chain);
    }
    chain.quotes.push(r.quote);
    if (r.iv) chain.vendorIv.set(`${r.quote.right}:${r.quote.strike}`, r.iv);
  }
  return [...map.values()]
    .filter((c) => c.tYears > 0)
    .sort((a, b) => epochDays(a.quoteDate) - epochDays(b.quoteDate) || a.tYears - b.tYears);
}

/**
 * VXX, December 2016: every (quote date, expiry). Rows with the vendor's "could not compute" marker
 * (IV 0.01 with zero Greeks) are dropped, as the README asks.
 */
export function readVxxChains(): ExpiryChain[] {
  const rows = parseCsv(`${REAL_DATA_DIR}/VXX_2016-12_chains.csv`).flatMap((r) => {
    const placeholder = num(r.impliedvol) === 0.01 && num(r.delta) === 0 && num(r.vega) === 0;
    const right = r.type as OptionRight;
    if (placeholder || (right !== 'call' && right !== 'put')) return [];
    return [
      {
        quoteDate: r.quotedate ?? '',
        expiry: r.expiration ?? '',
        spot: num(r.underlying_last),
        quote: { right, strike: num(r.strike), bid: num(r.bid), ask: num(r.ask) },
      },
    ];
  });
  return group(rows);
}

/** Agilent (A) on 2016-01-05, with the vendor's IVBid/IVAsk/IVMean (0 = not computed). */
export function readAgilentChains(): ExpiryChain[] {
  const rows = parseCsv(`${REAL_DATA_DIR}/A_2016-01-05_chain.csv`).flatMap((r) => {
    const right = r.Type as OptionRight;
    if (right !== 'call' && right !== 'put') return [];
    return [
      {
        quoteDate: r.DataDate ?? '',
        expiry: r.Expiration ?? '',
        spot: num(r.UnderlyingPrice),
        quote: { right, strike: num(r.Strike), bid: num(r.Bid), ask: num(r.Ask) },
        iv: { bid: num(r.IVBid), ask: num(r.IVAsk), mean: num(r.IVMean) },
      },
    ];
  });
  return group(rows);
}
