import crypto from "node:crypto";

// ───────────────────────────── randomness ─────────────────────────────

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes the run's seed and an agency's serial into an independent PRNG seed (murmur3 finaliser). */
export function mix(seed: number, n: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(n >>> 0, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Two mulberry32 streams xor-ed: each agency gets its own pair of seeds, and with 64 bits of state the
 * 100,000 agencies' sequences do not run into each other as they would on one 32-bit cycle.
 */
export class Rng {
  readonly next: () => number;
  constructor(a: number, b: number) {
    const x = mulberry32(a);
    const y = mulberry32(b);
    this.next = () => (((x() * 4294967296) ^ (y() * 4294967296)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** An index drawn with probability proportional to `weights`. */
  weighted(weights: readonly number[], total = weights.reduce((a, b) => a + b, 0)): number {
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  /** A uniform float in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** 32 lower-case hex digits. */
  hex128(): string {
    let s = "";
    for (let i = 0; i < 4; i++)
      s += Math.floor(this.next() * 4294967296)
        .toString(16)
        .padStart(8, "0");
    return s;
  }
}

/** The PRNG of one generated thing: a function of the run's seed, a salt naming the kind of thing, and its serial. */
export function rngFor(seed: number, salt: number, serial: number): Rng {
  return new Rng(mix(seed ^ salt, serial), mix((seed ^ 0x5bd1e995) + salt, serial ^ 0x27d4eb2f));
}

/**
 * A version-4-shaped UUID from SHA-256 of (seed, serial, slot): the same on every run, and unique —
 * a 32-bit PRNG state cannot be, as 100,000 agencies' streams overlap somewhere in its single cycle.
 */
export function stableUuid(seed: number, serial: number, slot: number): string {
  const hex = crypto.createHash("sha256").update(`zjcs-generate:${seed}:${serial}:${slot}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * stableUuid with the serial and the slot in front (still version-4-shaped): the rows of one project
 * sort together and after the previous project's, so the primary-key indexes of millions of rows grow
 * at their right edge instead of at random pages (measured: random keys make the bulk load I/O-bound
 * once the indexes outgrow shared_buffers). Serials below 16¹⁰, slots below 16⁵.
 */
export function orderedUuid(seed: number, serial: number, slot: number): string {
  const h = stableUuid(seed, serial, slot);
  const p = serial.toString(16).padStart(10, "0") + slot.toString(16).padStart(5, "0");
  return `${p.slice(0, 8)}-${p.slice(8, 12)}-4${p.slice(12, 15)}-${h.slice(19, 23)}-${h.slice(24)}`;
}
