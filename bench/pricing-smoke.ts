/**
 * Pricing smoke benchmark: throughput of the engine's hot paths on this machine.
 * Run: npx tsx bench/pricing-smoke.ts
 * Prints ns/op for priceEuropean, greeksEuropean, impliedVol and a 10-expiry synthetic chain,
 * and fails (exit 1) if an implied-vol round trip is off, so it doubles as a sanity check.
 */
import { greeksEuropean, impliedVol, priceEuropean, type VanillaInputs } from '@zomma/engine';
import { createRng } from '@zomma/engine/rng';
import { listExpiries, syntheticChain } from '@zomma/engine/sim';

const rng = createRng(12345);
const N = 200_000;
const inputs: VanillaInputs[] = Array.from({ length: 1024 }, () => ({
  right: rng.next() < 0.5 ? 'call' : 'put',
  spot: 100,
  strike: 70 + 60 * rng.next(),
  tYears: 0.02 + 2 * rng.next(),
  rate: 0.03,
  dividendYield: 0.01,
  vol: 0.1 + 0.6 * rng.next(),
}));

function bench(name: string, n: number, fn: (i: number) => number): void {
  let sink = 0;
  for (let i = 0; i < Math.min(n, 10_000); i++) sink += fn(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) sink += fn(i);
  const ns = ((performance.now() - t0) * 1e6) / n;
  console.log(`${name.padEnd(24)} ${ns.toFixed(0).padStart(7)} ns/op  (checksum ${sink.toExponential(3)})`);
}

const at = (i: number): VanillaInputs => inputs[i % inputs.length] ?? inputs[0] ?? ({} as never);
bench('priceEuropean', N, (i) => priceEuropean(at(i)));
bench('greeksEuropean', N, (i) => greeksEuropean(at(i)).vega);
const prices = inputs.map((o) => priceEuropean(o));
let worst = 0;
bench('impliedVol', N / 4, (i) => {
  const o = at(i);
  const r = impliedVol({ ...o, price: prices[i % prices.length] ?? 0 });
  if (r.ok && greeksEuropean(o).vega > 1e-3) worst = Math.max(worst, Math.abs(r.vol - o.vol));
  return r.ok ? r.vol : 0;
});
const asOf = new Date('2026-11-18T15:00:00Z');
const expiries = listExpiries(asOf, 10);
bench(
  'syntheticChain (10×33×2)',
  200,
  () =>
    syntheticChain({
      symbol: 'ZMA',
      spot: 100,
      vol: 0.25,
      asOf,
      expiries,
      strikesPerSide: 16,
      strikeStep: 2.5,
      rate: 0.04,
      dividendYield: 0,
    }).length,
);
console.log(`worst IV round-trip error (vega > 1e-3): ${worst.toExponential(2)}`);
if (!(worst < 1e-9)) {
  console.error('implied-vol round trip out of tolerance');
  process.exit(1);
}
