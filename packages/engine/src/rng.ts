/**
 * Seeded PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, 128-bit state) seeded
 * through splitmix32. Deterministic for a seed, no global state; `fork()` derives an independent
 * stream so sub-simulations do not perturb their parent's sequence.
 */

export interface RngState {
  a: number;
  b: number;
  c: number;
  d: number;
  /** Second Box–Muller variate waiting to be returned, if any. */
  spareNormal: number | null;
}

export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Standard normal N(0, 1) (Box–Muller). */
  normal(): number;
  /** A snapshot of the state; `restoreRng(rng.state())` continues the same sequence. */
  state(): RngState;
  /** A new generator seeded from this one's output (advances this one by two draws). */
  fork(): Rng;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** splitmix32 step: returns [output, next seed state]. */
function splitmix32(s: number): [number, number] {
  const next = (s + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z ^= z >>> 15;
  return [z >>> 0, next];
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null;

  constructor(s: RngState) {
    this.a = s.a | 0;
    this.b = s.b | 0;
    this.c = s.c | 0;
    this.d = s.d | 0;
    this.spare = s.spareNormal;
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    const hi = this.nextUint32() >>> 11; // 21 bits
    const lo = this.nextUint32(); // 32 bits
    return (hi * TWO_POW_32 + lo) / TWO_POW_53;
  }

  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    const u1 = 1 - this.next(); // (0, 1]: log is finite
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  state(): RngState {
    return { a: this.a, b: this.b, c: this.c, d: this.d, spareNormal: this.spare };
  }

  fork(): Rng {
    return createRng(this.nextUint32() ^ Math.imul(this.nextUint32(), 0x2c1b3c6d));
  }
}

/** A generator for a 32-bit seed (any finite number; it is truncated to 32 bits). */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError('seed must be a finite number');
  let s = (Math.trunc(seed) % TWO_POW_32) | 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [out, nextS] = splitmix32(s);
    words.push(out);
    s = nextS;
  }
  const [a = 0, b = 0, c = 0, d = 0] = words;
  const rng = new Sfc32({ a, b, c, d, spareNormal: null });
  // Discard the first outputs so that nearby seeds decorrelate fully (standard sfc32 practice).
  for (let i = 0; i < 12; i++) rng.nextUint32();
  return rng;
}

/** Continue a sequence from a `state()` snapshot. */
export function restoreRng(state: RngState): Rng {
  return new Sfc32(state);
}
