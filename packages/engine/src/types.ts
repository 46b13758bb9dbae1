/** Shared engine value types. Units: `tYears` ACT/365, `vol` annual decimal, `rate`/`dividendYield` continuous. */

export type OptionRight = 'call' | 'put';

/** Inputs of a European vanilla option under Black–Scholes–Merton with a continuous dividend yield. */
export interface VanillaInputs {
  right: OptionRight;
  spot: number;
  strike: number;
  /** Time to expiry in years (ACT/365); 0 means at expiry. */
  tYears: number;
  /** Continuously compounded risk-free rate. */
  rate: number;
  /** Continuous dividend (or borrow) yield. */
  dividendYield: number;
  /** Annualized volatility, decimal (0.2 = 20%). */
  vol: number;
}

/** One quoted option contract of a chain (prices per share). */
export interface OptionQuote {
  /** OCC-style symbol, e.g. ZMA261218C00105000. */
  symbol: string;
  right: OptionRight;
  strike: number;
  /** Expiry calendar date at 00:00 UTC. */
  expiry: Date;
  tYears: number;
  iv: number;
  bid: number;
  ask: number;
  mid: number;
  delta: number;
}
