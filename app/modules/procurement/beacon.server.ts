import { readEnv, type Env } from "~/server/env.server";
import { QUICKNET, checkBeaconRound, isBeaconChain, type BeaconChain, type BeaconRound } from "./beacon.rules";

/** Where the beacon is read and which chain is trusted (DRAW_BEACON, DRAW_BEACON_URL, DRAW_BEACON_CHAIN). */
export interface BeaconConfig {
  /** A drand HTTP relay, e.g. https://api.drand.sh (no trailing slash). */
  url: string;
  /** Pinned chain information: rounds are verified against it, never against what the relay says. */
  chain: BeaconChain;
  timeoutMs: number;
}

export class BeaconError extends Error {
  constructor(
    message: string,
    readonly code: "invalidSignature" | "unreachable",
  ) {
    super(message);
  }
}

/** The beacon from the environment; null when DRAW_BEACON=off (draws stay zjcs-draw-v1). */
export function beaconFromEnv(
  env: Pick<Env, "DRAW_BEACON" | "DRAW_BEACON_URL" | "DRAW_BEACON_CHAIN" | "DRAW_BEACON_TIMEOUT_MS">,
): BeaconConfig | null {
  if (env.DRAW_BEACON === "off") return null;
  let chain: BeaconChain = QUICKNET;
  if (env.DRAW_BEACON_CHAIN) {
    const parsed: unknown = JSON.parse(env.DRAW_BEACON_CHAIN);
    if (!isBeaconChain(parsed)) throw new Error("DRAW_BEACON_CHAIN is not valid chain information");
    chain = parsed;
  }
  return { url: env.DRAW_BEACON_URL.replace(/\/+$/, ""), chain, timeoutMs: env.DRAW_BEACON_TIMEOUT_MS };
}

let override: { beacon: BeaconConfig | null } | null = null;
let fromEnv: { beacon: BeaconConfig | null } | null = null;

/** The beacon this process uses: set by `useDrawBeacon` (tests, scripts), else read from the environment once. */
export function configuredBeacon(): BeaconConfig | null {
  if (override) return override.beacon;
  fromEnv ??= { beacon: beaconFromEnv(readEnv()) };
  return fromEnv.beacon;
}

/** Replaces the configured beacon for this process (null: no beacon); `undefined` returns to the environment. */
export function useDrawBeacon(beacon: BeaconConfig | null | undefined): void {
  override = beacon === undefined ? null : { beacon };
}

/**
 * Fetches one round from a drand HTTP relay (`GET {url}/{chainHash}/public/{round}`) and verifies its
 * signature against the pinned chain before anything uses it. Returns null while the round is not out
 * yet (the relay answers 404 or 425 for a future round, or its time has not come); throws a BeaconError
 * when the relay cannot be reached or serves a signature that does not verify.
 */
export async function fetchBeaconRound(
  cfg: BeaconConfig,
  chain: BeaconChain,
  round: number,
  now = new Date(),
): Promise<BeaconRound | null> {
  const at = (chain.genesisTime + (round - 1) * chain.period) * 1000;
  if (now.getTime() < at) return null;
  let res: Response;
  try {
    res = await fetch(`${cfg.url}/${chain.chainHash}/public/${round}`, { signal: AbortSignal.timeout(cfg.timeoutMs) });
  } catch (e) {
    throw new BeaconError(`beacon unreachable: ${(e as Error).message}`, "unreachable");
  }
  if (res.status === 404 || res.status === 425) {
    await res.body?.cancel();
    return null;
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new BeaconError(`beacon answered ${res.status}`, "unreachable");
  }
  let body: { round?: unknown; signature?: unknown };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new BeaconError("beacon answered something that is not JSON", "unreachable");
  }
  const checked = checkBeaconRound(chain, round, body);
  if (!checked) throw new BeaconError(`beacon round ${round} does not verify against chain ${chain.chainHash}`, "invalidSignature");
  return checked;
}
