import { InputError } from './errors.ts';

/**
 * A small seeded pseudo-random generator: xoshiro128** (Blackman and Vigna) seeded through
 * splitmix32. All state updates are 32-bit integer operations (Math.imul, shifts), so the raw
 * stream is identical on every platform. The distribution helpers use only +, *, /, sqrt and
 * log; V8 computes Math.log with its fdlibm port, so they are identical wherever microcap runs
 * on Node. Never use this for anything secret.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Second normal of the last polar-method pair, or NaN when none is waiting. */
  private spareNormal = Number.NaN;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new InputError('seed', seed, 'must be a whole number');
    }
    // splitmix32 over both halves of the seed, so seeds beyond 2^32 still differ.
    let state = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x9e3779b1);
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // xoshiro must not be all zero
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  /** Whole number in [min, max] (both inclusive). */
  integer(min: number, max: number): number {
    return min + Math.floor(this.uniform() * (max - min + 1));
  }

  /** True with probability p (32-bit resolution: one raw draw, it is called per bar). */
  chance(p: number): boolean {
    return this.nextUint32() < p * 4294967296;
  }

  /** Standard normal, by Marsaglia's polar method (no trigonometry, so no libm differences). */
  normal(mean = 0, sd = 1): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = Number.NaN;
      return mean + sd * spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return mean + sd * u * factor;
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 via the u^(1/shape) boost. */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new InputError('shape', shape, 'must be positive');
    if (shape < 1) return this.gamma(shape + 1) * this.uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /**
   * Student-t with `dof` degrees of freedom (fat tails for small dof), by Bailey's polar method
   * (Math. Comp. 1994): one pair of uniforms per try instead of a normal and a gamma draw.
   */
  studentT(dof: number): number {
    if (!(dof > 0)) throw new InputError('dof', dof, 'must be positive');
    let u: number;
    let w: number;
    do {
      u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      w = u * u + v * v;
    } while (w > 1 || w === 0);
    return u * Math.sqrt((dof * (w ** (-2 / dof) - 1)) / w);
  }

  /** Student-t scaled to unit variance (needs dof > 2), for shocks with a set volatility. */
  standardT(dof: number): number {
    if (!(dof > 2)) throw new InputError('dof', dof, 'must be above 2 for a finite variance');
    return this.studentT(dof) * Math.sqrt((dof - 2) / dof);
  }

  /** One element picked uniformly. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0)
      throw new InputError('items', items, 'cannot choose from an empty list');
    return items[Math.floor(this.uniform() * items.length)];
  }

  /** A generator with the given raw xoshiro128** state (reference vectors in tests). */
  static fromState(state: readonly [number, number, number, number]): Random {
    const random = new Random(0);
    [random.a, random.b, random.c, random.d] = state.map((x) => x >>> 0);
    return random;
  }

  /** A new generator whose stream depends on this one's seed and `label`, not on draws so far. */
  static derive(seed: number, label: number): Random {
    return new Random(mix(seed, label));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Combines a seed and a label into a new safe-integer seed (murmur3 finaliser on each half). */
function mix(seed: number, label: number): number {
  const fmix = (h: number): number => {
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  const low = fmix((seed >>> 0) ^ Math.imul(label >>> 0, 0x9e3779b1));
  const high = fmix((Math.floor(seed / 2 ** 32) >>> 0) + 0x632be5ab + (label >>> 0)) & 0x1fffff;
  return high * 2 ** 32 + low;
}

/** Convenience factory: `createRandom(42).normal()`. */
export function createRandom(seed: number): Random {
  return new Random(seed);
}
