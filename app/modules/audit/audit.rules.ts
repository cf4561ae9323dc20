import { createHash } from "node:crypto";

/** The genesis "previous hash" of the first event in the chain. */
export const GENESIS_HASH = "0".repeat(64);

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export interface AuditEventInput {
  action: string;
  subjectType: string;
  subjectId: string;
  actorUserId?: string | null;
  actorOrgId?: string | null;
  data?: { [k: string]: JsonValue };
}

export interface ChainedEvent {
  id: number;
  occurredAt: Date;
  actorUserId: string | null;
  actorOrgId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  data: unknown;
  prevHash: string;
  hash: string;
}

/**
 * Canonical JSON: object keys sorted by code point, no white space, `undefined` members dropped.
 * jsonb also reorders keys, so what is hashed before the insert equals what is read back.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("non-finite number in audit data");
    return JSON.stringify(value ?? null);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The part of an event the hash covers: everything but its own hash and row id. */
export function eventBody(e: Omit<ChainedEvent, "id" | "hash" | "prevHash">) {
  return {
    action: e.action,
    actorOrgId: e.actorOrgId,
    actorUserId: e.actorUserId,
    data: e.data,
    occurredAt: e.occurredAt.toISOString(),
    subjectId: e.subjectId,
    subjectType: e.subjectType,
  };
}

export function chainHash(prevHash: string, body: ReturnType<typeof eventBody>): string {
  return createHash("sha256").update(prevHash).update("\n").update(canonicalJson(body)).digest("hex");
}

export type ChainBreak = { id: number; reason: "prevHash" | "hash" };

/**
 * Checks a run of events in id order. `expectedPrev` is the hash the first of them must point to
 * (the genesis hash when the run starts at the beginning).
 */
export function findChainBreak(events: Iterable<ChainedEvent>, expectedPrev = GENESIS_HASH): ChainBreak | null {
  let prev = expectedPrev;
  for (const e of events) {
    if (e.prevHash !== prev) return { id: e.id, reason: "prevHash" };
    if (chainHash(e.prevHash, eventBody(e)) !== e.hash) return { id: e.id, reason: "hash" };
    prev = e.hash;
  }
  return null;
}
