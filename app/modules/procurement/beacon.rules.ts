import { createHash } from "node:crypto";
import { bls12_381 } from "@noble/curves/bls12-381.js";

/**
 * A public randomness beacon (drand, https://drand.love): a network of independent parties that every
 * `period` seconds jointly signs the round number with a threshold BLS key. Nobody — not one member, not
 * the platform — knows a round's signature before the round's time, and anyone can check it against the
 * chain's public key. zjcs-draw-v2 (draw.rules.ts) mixes one round's randomness into the seed.
 *
 * Only the unchained G1 scheme is accepted (`bls-unchained-g1-rfc9380`, drand's "quicknet"): the
 * signature is a G1 point (48 bytes compressed), the public key a G2 point (96 bytes), the message is
 * SHA-256 of the round as an 8-byte big-endian integer, hashed to G1 by RFC 9380 with the DST below.
 * The round's randomness is SHA-256 of the signature bytes.
 */
export const BEACON_SCHEME = "bls-unchained-g1-rfc9380";
export const BEACON_DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";

export interface BeaconChain {
  /** drand's chain hash, lower-case hex: the address of the chain on every relay. */
  chainHash: string;
  /** The group's public key, hex (96 bytes, G2 compressed). */
  publicKey: string;
  /** Unix seconds of round 1. */
  genesisTime: number;
  /** Seconds between rounds. */
  period: number;
  scheme: typeof BEACON_SCHEME;
}

/** drand quicknet, as published at https://api.drand.sh/52db…e971/info — pinned, never fetched. */
export const QUICKNET: BeaconChain = {
  chainHash: "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971",
  publicKey:
    "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a",
  genesisTime: 1692803367,
  period: 3,
  scheme: BEACON_SCHEME,
};

export interface BeaconRound {
  round: number;
  /** Hex of the 48-byte G1 signature. */
  signature: string;
  /** hex(SHA-256(signature bytes)). */
  randomness: string;
}

const HEX = /^(?:[0-9a-f]{2})+$/;

export function isBeaconChain(c: unknown): c is BeaconChain {
  const x = c as BeaconChain | null;
  return (
    !!x &&
    typeof x === "object" &&
    /^[0-9a-f]{64}$/.test(x.chainHash) &&
    /^[0-9a-f]{192}$/.test(x.publicKey) &&
    Number.isSafeInteger(x.genesisTime) &&
    x.genesisTime > 0 &&
    Number.isSafeInteger(x.period) &&
    x.period > 0 &&
    x.scheme === BEACON_SCHEME
  );
}

/** The time a round's signature is produced (round 1 at genesis). */
export function roundTime(chain: BeaconChain, round: number): Date {
  if (!Number.isSafeInteger(round) || round < 1) throw new RangeError(`beacon round must be an integer ≥ 1, got ${round}`);
  return new Date((chain.genesisTime + (round - 1) * chain.period) * 1000);
}

/** The first round whose time is at or after `t`. */
export function firstRoundAtOrAfter(chain: BeaconChain, t: Date): number {
  const s = t.getTime() / 1000 - chain.genesisTime;
  if (s <= 0) return 1;
  return Math.ceil(s / chain.period) + 1;
}

/** The message a round's signature signs: SHA-256 of the round as 8 bytes, big-endian. */
export function beaconMessage(round: number): Uint8Array {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(round));
  return new Uint8Array(createHash("sha256").update(b).digest());
}

export function beaconRandomness(signatureHex: string): string {
  return createHash("sha256").update(Buffer.from(signatureHex, "hex")).digest("hex");
}

/**
 * Checks a round's signature against the chain's public key. Never throws: a malformed signature,
 * key or round is simply not valid.
 */
export function verifyBeaconSignature(chain: BeaconChain, round: number, signatureHex: string): boolean {
  try {
    if (chain.scheme !== BEACON_SCHEME || !Number.isSafeInteger(round) || round < 1) return false;
    const sig = signatureHex.trim().toLowerCase();
    if (!HEX.test(sig) || sig.length !== 96) return false;
    const s = bls12_381.shortSignatures;
    return s.verify(
      new Uint8Array(Buffer.from(sig, "hex")),
      s.hash(beaconMessage(round), BEACON_DST),
      new Uint8Array(Buffer.from(chain.publicKey, "hex")),
    );
  } catch {
    return false;
  }
}

/** A round as a relay serves it, checked: null unless the signature is valid for that round. */
export function checkBeaconRound(chain: BeaconChain, round: number, served: { round?: unknown; signature?: unknown }): BeaconRound | null {
  if (served.round !== round || typeof served.signature !== "string") return null;
  const signature = served.signature.trim().toLowerCase();
  if (!verifyBeaconSignature(chain, round, signature)) return null;
  return { round, signature, randomness: beaconRandomness(signature) };
}
