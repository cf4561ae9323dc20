import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { canonicalJson } from "~/modules/audit/audit.rules";
import { BEACON_DST, BEACON_SCHEME, beaconMessage, roundTime, type BeaconChain } from "~/modules/procurement/beacon.rules";
import type { BeaconConfig } from "~/modules/procurement/beacon.server";

/**
 * A local drand relay for tests: its own BLS key signs rounds with the scheme drand quicknet uses
 * (bls-unchained-g1-rfc9380), served at `GET /{chainHash}/public/{round}` and `/{chainHash}/info` on
 * 127.0.0.1, so the app's beacon client and verification run unchanged. A round is served once the
 * beacon's clock (`now`, settable) has reached its time; before that the answer is 425, as drand's.
 */
export interface LocalBeacon {
  chain: BeaconChain;
  config: BeaconConfig;
  /** The beacon's clock; tests move it. */
  now: Date;
  /** Signs a round with this beacon's key (what a relay would serve). */
  sign(round: number): string;
  /** Serve signatures made with another key (a forged relay). */
  forgeWith(secretKey: Uint8Array | null): void;
  requests: string[];
  close(): Promise<void>;
}

const sigs = bls12_381.shortSignatures;

export function localKey(seed: string): { secretKey: Uint8Array; publicKey: string } {
  // A fixed key from a seed, so golden values stay put: any 32 bytes below the group order are a key.
  const secretKey = new Uint8Array(createHash("sha256").update(seed).digest());
  secretKey[0] = secretKey[0]! & 0x3f;
  return { secretKey, publicKey: Buffer.from(sigs.getPublicKey(secretKey).toBytes()).toString("hex") };
}

export function signRound(secretKey: Uint8Array, round: number): string {
  return Buffer.from(sigs.sign(sigs.hash(beaconMessage(round), BEACON_DST), secretKey).toBytes()).toString("hex");
}

export function localChain(publicKey: string, genesisTime: number, period: number): BeaconChain {
  const info = { publicKey, genesisTime, period, scheme: BEACON_SCHEME } as const;
  return { ...info, chainHash: createHash("sha256").update(canonicalJson(info)).digest("hex") };
}

export async function startLocalBeacon(
  opts: { seed?: string; genesisTime?: number; period?: number; now?: Date } = {},
): Promise<LocalBeacon> {
  const key = localKey(opts.seed ?? "zjcs local beacon");
  const chain = localChain(key.publicKey, opts.genesisTime ?? 1_700_000_000, opts.period ?? 3);
  let forged: Uint8Array | null = null;
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    const m = /^\/([0-9a-f]{64})\/(info|public\/(\d+))$/.exec(req.url ?? "");
    if (!m || m[1] !== chain.chainHash) {
      res.writeHead(404).end();
      return;
    }
    if (m[2] === "info") {
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          public_key: chain.publicKey,
          period: chain.period,
          genesis_time: chain.genesisTime,
          hash: chain.chainHash,
          schemeID: chain.scheme,
        }),
      );
      return;
    }
    const round = Number(m[3]);
    if (round < 1 || roundTime(chain, round) > beacon.now) {
      res.writeHead(425).end();
      return;
    }
    const signature = signRound(forged ?? key.secretKey, round);
    const randomness = createHash("sha256").update(Buffer.from(signature, "hex")).digest("hex");
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ round, randomness, signature }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const beacon: LocalBeacon = {
    chain,
    config: { url: `http://127.0.0.1:${port}`, chain, timeoutMs: 2_000 },
    now: opts.now ?? new Date(),
    sign: (round) => signRound(key.secretKey, round),
    forgeWith: (sk) => {
      forged = sk;
    },
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return beacon;
}
