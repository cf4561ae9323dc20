import { isUuid } from "~/lib/ids";
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema";
import { regionContains } from "~/modules/agencies/regions.rules";
import { recordAudit } from "~/modules/audit/audit.server";
import { escapeLike } from "~/modules/agencies/directory.server";
import { DomainError, conflict, forbidden, isUniqueViolation, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { linkSanctionToCase } from "~/modules/oversight/cases.server";
import { rescore } from "./credit.server";
import type { SanctionType } from "./credit.schema";
import { abandonedAwardsTrigger } from "./exclusions.rules";
import type { ExclusionRules } from "./exclusions.schema";
import { sanctionPeriod, sanctionState } from "./sanctions.rules";
import { parseCsv } from "~/lib/csv";
import { requireRegulator } from "./supervision.server";
import { IMPORT_COLUMNS, ImportRowSchema, type ImportRow, type SanctionInput } from "./trust.schema";

/** Agencies on the platform whose credit codes are named, for rescoring after a sanction changes. */
async function agenciesByCode(trx: Kysely<DB>, codes: string[]): Promise<string[]> {
  if (!codes.length) return [];
  return (await trx.selectFrom("organizations").select("id").where("creditCode", "in", codes).where("kind", "=", "agency").execute()).map(
    (r) => r.id,
  );
}

async function assertScope(trx: Kysely<DB>, regions: string[], items: number[]) {
  if (regions.length) {
    const found = await trx.selectFrom("regions").select("code").where("code", "in", regions).execute();
    if (found.length !== new Set(regions).size) throw new DomainError("region", "errors.region.unknown", "scopeRegions");
  }
  if (items.length) {
    const found = await trx.selectFrom("serviceItems").select("id").where("id", "in", items).execute();
    if (found.length !== new Set(items).size) throw new DomainError("item", "errors.serviceItem", "scopeItems");
  }
}

/**
 * A regulator issues a sanction (or a reward) against an agency and, by credit code, its affiliates
 * (controlled, controlling, successor). From a complaint outcome or a rule's proposal it is linked to
 * them. The agency is told; its credit score moves in the same transaction.
 */
export async function issueSanction(
  db: Kysely<DB>,
  viewer: Viewer,
  input: SanctionInput,
  documentFileId: string | null = null,
  now = new Date(),
) {
  const office = requireRegulator(viewer).org;
  return db
    .transaction()
    .execute(async (trx) => {
      const agency = await trx
        .selectFrom("organizations")
        .select(["id", "name", "creditCode", "kind"])
        .where("id", "=", input.agencyId)
        .executeTakeFirst();
      if (!agency || agency.kind !== "agency" || !agency.creditCode) throw notFound("agencyId");
      await assertScope(trx, input.scopeRegions, input.scopeItems);
      if (input.complaintId) {
        const c = await trx.selectFrom("complaints").select(["agencyId", "status"]).where("id", "=", input.complaintId).executeTakeFirst();
        if (!c || c.agencyId !== agency.id || c.status !== "upheld") throw conflict("complaint", "errors.sanction.complaint");
      }
      if (input.affiliates.some((a) => a.creditCode === agency.creditCode))
        throw new DomainError("affiliate", "errors.sanction.affiliateSelf", "affiliates");
      const { startsAt, endsAt } = sanctionPeriod(input.startsOn, input.endsOn);
      const row = await trx
        .insertInto("sanctions")
        .values({
          type: input.type,
          subjectName: agency.name,
          grounds: input.grounds,
          legalBasis: input.legalBasis,
          decisionRef: input.decisionRef,
          documentFileId,
          issuedByOrgId: office.id,
          issuedByUserId: viewer.userId,
          complaintId: input.complaintId ?? null,
          caseId: input.caseId ?? null,
          scopeRegions: input.scopeRegions,
          scopeItems: input.scopeItems,
          startsAt,
          endsAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("sanctionSubjects")
        .values([
          { sanctionId: row.id, creditCode: agency.creditCode, relation: "subject", name: agency.name },
          ...input.affiliates.map((a) => ({ sanctionId: row.id, creditCode: a.creditCode, relation: a.relation, name: a.name })),
        ])
        .execute();
      if (input.caseId) await linkSanctionToCase(trx, input.caseId, row.id, office);
      if (input.proposalId) {
        const p = await trx
          .updateTable("sanctionProposals")
          .set({ status: "issued", sanctionId: row.id, decidedBy: viewer.userId, decidedAt: now })
          .where("id", "=", input.proposalId)
          .where("agencyId", "=", agency.id)
          .where("status", "=", "pending")
          .returning("id")
          .executeTakeFirst();
        if (!p) throw conflict("proposal", "errors.sanction.proposal");
      }
      const affected = await agenciesByCode(trx, [agency.creditCode, ...input.affiliates.map((a) => a.creditCode)]);
      for (const id of affected)
        await trx
          .insertInto("notifications")
          .values({ orgId: id, kind: `sanction.${input.type}`, subjectType: "organization", subjectId: agency.id, params: "{}" })
          .execute();
      await rescore(trx, affected, now);
      await recordAudit(trx, {
        action: "sanction.issued",
        subjectType: "organization",
        subjectId: agency.id,
        actorUserId: viewer.userId,
        actorOrgId: office.id,
        data: { sanctionId: row.id, ...input, startsAt: startsAt.toISOString(), endsAt: endsAt?.toISOString() ?? null, documentFileId },
      });
      return { id: row.id };
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e, "sanctions_issued_by_org_id_decision_ref_key"))
        throw conflict("duplicate", "errors.sanction.duplicateRef", "decisionRef");
      throw e;
    });
}

/**
 * Lifts a sanction before its end (credit repair granted, or the issuing office's own decision). Lifting
 * is a fact with a time: the sanction stops being in force from then, and its deduction stops counting.
 */
export async function liftSanctionIn(trx: Transaction<DB>, viewer: Viewer, sanctionId: string, reason: string, now: Date) {
  const office = requireRegulator(viewer).org;
  const s = await trx.selectFrom("sanctions").selectAll().where("id", "=", sanctionId).forUpdate().executeTakeFirst();
  if (!s) throw notFound();
  if (s.issuedByOrgId !== office.id && !regionContains(office.regionCode, (await issuerRegion(trx, s.issuedByOrgId)) ?? ""))
    throw forbidden("errors.sanction.notIssuer");
  const state = sanctionState(s, now);
  if (state === "lifted" || state === "ended")
    throw conflict("state", "errors.sanction.notInForce", "_form", { state: `@sanction.state.${state}` });
  await trx.updateTable("sanctions").set({ liftedAt: now, liftedReason: reason, liftedBy: viewer.userId }).where("id", "=", s.id).execute();
  const codes = (await trx.selectFrom("sanctionSubjects").select("creditCode").where("sanctionId", "=", s.id).execute()).map(
    (r) => r.creditCode,
  );
  await rescore(trx, await agenciesByCode(trx, codes), now);
  await recordAudit(trx, {
    action: "sanction.lifted",
    subjectType: "sanction",
    subjectId: s.id,
    actorUserId: viewer.userId,
    actorOrgId: office.id,
    data: { reason },
  });
}

async function issuerRegion(trx: Kysely<DB>, orgId: string) {
  return (await trx.selectFrom("organizations").select("regionCode").where("id", "=", orgId).executeTakeFirst())?.regionCode ?? null;
}

export async function liftSanction(db: Kysely<DB>, viewer: Viewer, sanctionId: string, reason: string, now = new Date()) {
  if (!isUuid(sanctionId)) throw notFound();
  await db.transaction().execute((trx) => liftSanctionIn(trx, viewer, sanctionId, reason, now));
}

export interface SanctionFilter {
  q?: string;
  type?: SanctionType;
  state?: "inForce" | "all";
  page?: number;
}

/** Sanctions as the public sees them (the blacklist page and its CSV), newest first; state computed at `now`. */
export function publicSanctionsQuery(db: Kysely<DB>, f: SanctionFilter, now: Date) {
  let q = db
    .selectFrom("sanctions as s")
    .innerJoin("organizations as io", "io.id", "s.issuedByOrgId")
    .select([
      "s.id",
      "s.type",
      "s.subjectName",
      "s.grounds",
      "s.legalBasis",
      "s.decisionRef",
      "s.source",
      "s.externalAuthority",
      "s.scopeRegions",
      "s.scopeItems",
      "s.startsAt",
      "s.endsAt",
      "s.liftedAt",
      "s.liftedReason",
      "s.createdAt",
      "s.complaintId",
      "io.name as issuerName",
      sql<{ creditCode: string; relation: string; name: string; agencyId: string | null }[]>`(
        select coalesce(jsonb_agg(jsonb_build_object('creditCode', ss.credit_code, 'relation', ss.relation, 'name', ss.name, 'agencyId', o.id) order by ss.relation <> 'subject', ss.name), '[]'::jsonb)
        from sanction_subjects ss left join organizations o on o.credit_code = ss.credit_code where ss.sanction_id = s.id)`.as("subjects"),
    ]);
  if (f.type) q = q.where("s.type", "=", f.type);
  if (f.state === "inForce") {
    q = q
      .where("s.startsAt", "<=", now)
      .where((eb) => eb.or([eb("s.endsAt", "is", null), eb("s.endsAt", ">", now)]))
      .where((eb) => eb.or([eb("s.liftedAt", "is", null), eb("s.liftedAt", ">", now)]));
  }
  if (f.q) {
    const pattern = `%${escapeLike(f.q)}%`;
    q = q.where((eb) =>
      eb.or([
        eb("s.subjectName", "ilike", pattern),
        eb("s.decisionRef", "ilike", pattern),
        eb.exists(
          eb
            .selectFrom("sanctionSubjects as x")
            .select("x.sanctionId")
            .whereRef("x.sanctionId", "=", "s.id")
            .where((e) => e.or([e("x.creditCode", "=", f.q!.toUpperCase()), e("x.name", "ilike", pattern)])),
        ),
      ]),
    );
  }
  return q.orderBy("s.startsAt", "desc").orderBy("s.id");
}

export async function listPublicSanctions(db: Kysely<DB>, f: SanctionFilter, now = new Date()) {
  const rows = await publicSanctionsQuery(db, f, now)
    .limit(50)
    .offset(((f.page ?? 1) - 1) * 50)
    .execute();
  return rows.map((r) => ({ ...r, state: sanctionState(r, now) }));
}

/** Every sanction naming this agency's credit code (as subject or affiliate), for its profile. */
export async function listAgencySanctions(db: Kysely<DB>, agencyId: string, now = new Date()) {
  const org = await db.selectFrom("organizations").select("creditCode").where("id", "=", agencyId).executeTakeFirst();
  if (!org?.creditCode) return [];
  const rows = await publicSanctionsQuery(db, {}, now)
    .innerJoin("sanctionSubjects as mine", (j) => j.onRef("mine.sanctionId", "=", "s.id").on("mine.creditCode", "=", org.creditCode!))
    .select("mine.relation as relation")
    .execute();
  return rows.map((r) => ({ ...r, state: sanctionState(r, now) }));
}

export async function getSanction(db: Kysely<DB>, id: string, now = new Date()) {
  if (!isUuid(id)) return null;
  const r = await publicSanctionsQuery(db, {}, now)
    .select(["s.documentFileId", "s.issuedByOrgId"])
    .where("s.id", "=", id)
    .executeTakeFirst();
  return r ? { ...r, state: sanctionState(r, now) } : null;
}

/**
 * Imports an external list (CSV of credit codes with type and period) as reciprocal listings (互认).
 * All or nothing: any invalid line refuses the whole file, each error named by line and column; lines
 * already imported (same authority and decision reference) are skipped, so a re-import changes nothing.
 */
export async function importReciprocal(db: Kysely<DB>, viewer: Viewer, csv: string, now = new Date()) {
  const office = requireRegulator(viewer).org;
  const rows = parseCsv(csv);
  if (rows.length < 2) return { ok: false as const, errors: [{ line: 1, column: "", key: "errors.import.empty" }] };
  const header = rows[0]!.map((h) => h.trim().toLowerCase());
  const missing = IMPORT_COLUMNS.filter((c) => !["ends_on", "legal_basis", "regions"].includes(c) && !header.includes(c));
  if (missing.length) return { ok: false as const, errors: [{ line: 1, column: missing.join(", "), key: "errors.import.columns" }] };
  if (rows.length > 10_001) return { ok: false as const, errors: [{ line: 1, column: "", key: "errors.import.tooMany" }] };
  const parsed: ImportRow[] = [];
  const errors: { line: number; column: string; key: string }[] = [];
  for (const [i, cells] of rows.slice(1).entries()) {
    const obj = Object.fromEntries(header.map((h, j) => [h, cells[j]?.trim() ?? ""]));
    const r = ImportRowSchema.safeParse(obj);
    if (r.success) parsed.push(r.data);
    else for (const issue of r.error.issues) errors.push({ line: i + 2, column: String(issue.path[0] ?? ""), key: issue.message });
  }
  if (errors.length) return { ok: false as const, errors: errors.slice(0, 100) };
  return db.transaction().execute(async (trx) => {
    const regions = [...new Set(parsed.flatMap((r) => r.regions))];
    try {
      await assertScope(trx, regions, []);
    } catch {
      return { ok: false as const, errors: [{ line: 0, column: "regions", key: "errors.region.unknown" }] };
    }
    let imported = 0;
    let skipped = 0;
    for (const r of parsed) {
      const { startsAt, endsAt } = sanctionPeriod(r.starts_on, r.ends_on);
      const ref = `${r.authority}：${r.decision_ref}`.slice(0, 200);
      const row = await trx
        .insertInto("sanctions")
        .values({
          type: r.type,
          subjectName: r.name,
          grounds: r.grounds,
          legalBasis: r.legal_basis,
          decisionRef: ref,
          issuedByOrgId: office.id,
          issuedByUserId: viewer.userId,
          source: "reciprocal",
          externalAuthority: r.authority,
          scopeRegions: r.regions,
          startsAt,
          endsAt,
        })
        .onConflict((oc) => oc.columns(["issuedByOrgId", "decisionRef"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!row) {
        skipped += 1;
        continue;
      }
      await trx
        .insertInto("sanctionSubjects")
        .values({ sanctionId: row.id, creditCode: r.credit_code, relation: "subject", name: r.name })
        .execute();
      imported += 1;
    }
    const affected = await agenciesByCode(
      trx,
      parsed.map((r) => r.credit_code),
    );
    await rescore(trx, affected, now);
    await recordAudit(trx, {
      action: "sanction.imported",
      subjectType: "organization",
      subjectId: office.id,
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { imported, skipped, lines: parsed.length, onPlatform: affected.length },
    });
    return { ok: true as const, imported, skipped, onPlatform: affected.length };
  });
}

/**
 * After an abandoned award: if the rule set's count of abandoned awards within its months is reached,
 * a suspension is proposed to the regulator (once while one is pending).
 */
export async function proposeSuspensionIfDue(trx: Transaction<DB>, agencyId: string, now: Date) {
  const rs = await trx
    .selectFrom("exclusionRuleSets")
    .select(["version", "rules"])
    .where("effectiveFrom", "<=", now)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  const rule = (rs.rules as unknown as ExclusionRules).abandonedAwards;
  const events = await trx
    .selectFrom("breachEvents")
    .select(["id", "occurredAt", "projectId"])
    .where("agencyId", "=", agencyId)
    .where("kind", "=", "abandonedAward")
    .where("voidedAt", "is", null)
    .execute();
  if (
    !abandonedAwardsTrigger(
      events.map((e) => e.occurredAt),
      rule,
      now,
    )
  )
    return null;
  const from = new Date(now.getTime());
  from.setUTCMonth(from.getUTCMonth() - rule.months);
  const used = events.filter((e) => e.occurredAt > from);
  const row = await trx
    .insertInto("sanctionProposals")
    .values({
      agencyId,
      rule: "abandonedAwards",
      ruleVersion: rs.version,
      records: JSON.stringify({
        breachEventIds: used.map((e) => e.id),
        projectIds: used.map((e) => e.projectId),
        count: rule.count,
        months: rule.months,
      }),
    })
    .onConflict((oc) => oc.columns(["agencyId", "rule"]).where("status", "=", "pending").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (row)
    await recordAudit(trx, {
      action: "sanction.proposed",
      subjectType: "organization",
      subjectId: agencyId,
      data: { proposalId: row.id, rule: "abandonedAwards", ruleVersion: rs.version, breachEventIds: used.map((e) => e.id) },
    });
  return row?.id ?? null;
}

/** Pending proposals for agencies in the regulator's region. */
export async function listProposals(db: Kysely<DB>, viewer: Viewer) {
  const office = requireRegulator(viewer).org;
  const rows = await db
    .selectFrom("sanctionProposals as p")
    .innerJoin("organizations as a", "a.id", "p.agencyId")
    .select([
      "p.id",
      "p.agencyId",
      "a.name as agencyName",
      "a.regionCode",
      "p.rule",
      "p.ruleVersion",
      "p.proposedType",
      "p.records",
      "p.createdAt",
    ])
    .where("p.status", "=", "pending")
    .orderBy("p.createdAt")
    .execute();
  return rows.filter((r) => regionContains(office.regionCode, r.regionCode));
}

export async function dismissProposal(db: Kysely<DB>, viewer: Viewer, proposalId: string, reason: string, now = new Date()) {
  const office = requireRegulator(viewer).org;
  if (!isUuid(proposalId)) throw notFound();
  await db.transaction().execute(async (trx) => {
    // Only an office whose region covers the agency (those it is listed to) may dismiss the proposal.
    const proposal = await trx
      .selectFrom("sanctionProposals as p")
      .innerJoin("organizations as a", "a.id", "p.agencyId")
      .select("a.regionCode")
      .where("p.id", "=", proposalId)
      .executeTakeFirst();
    if (!proposal) throw notFound();
    if (!regionContains(office.regionCode, proposal.regionCode)) throw forbidden("errors.trust.notCompetent");
    const p = await trx
      .updateTable("sanctionProposals")
      .set({ status: "dismissed", decisionReason: reason, decidedBy: viewer.userId, decidedAt: now })
      .where("id", "=", proposalId)
      .where("status", "=", "pending")
      .returning(["id", "agencyId"])
      .executeTakeFirst();
    if (!p) throw conflict("state", "errors.sanction.proposal");
    await recordAudit(trx, {
      action: "sanction.proposalDismissed",
      subjectType: "organization",
      subjectId: p.agencyId,
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { proposalId, reason },
    });
  });
}

/** Sanctions the regulator's office issued (its register), newest first. */
export async function listIssuedSanctions(db: Kysely<DB>, viewer: Viewer, now = new Date()) {
  const office = requireRegulator(viewer).org;
  const rows = await publicSanctionsQuery(db, {}, now).where("s.issuedByOrgId", "=", office.id).limit(200).execute();
  return rows.map((r) => ({ ...r, state: sanctionState(r, now) }));
}

/**
 * Documents of the trust area: a sanction's decision document is public (it is the public record);
 * complaint and repair evidence is for its author (the file's owner, checked elsewhere) and regulators.
 */
export async function trustDocumentVisible(db: Kysely<DB>, viewer: Viewer | null, fileId: string): Promise<boolean> {
  const sanction = await db.selectFrom("sanctions").select("id").where("documentFileId", "=", fileId).executeTakeFirst();
  if (sanction) return true;
  if (viewer?.org?.kind !== "regulator") return false;
  const [complaint, application] = await Promise.all([
    db.selectFrom("complaints").select("id").where("evidenceFileId", "=", fileId).executeTakeFirst(),
    db.selectFrom("trustApplications").select("id").where("evidenceFileId", "=", fileId).executeTakeFirst(),
  ]);
  return !!complaint || !!application;
}

export async function getTrustDocument(db: Kysely<DB>, viewer: Viewer | null, fileId: string) {
  if (!isUuid(fileId) || !(await trustDocumentVisible(db, viewer, fileId))) return null;
  return (await db.selectFrom("files").selectAll().where("id", "=", fileId).executeTakeFirst()) ?? null;
}

/** The agency a new sanction would name, found by id or by credit code. */
export async function findSanctionTarget(db: Kysely<DB>, by: { agencyId?: string | null; creditCode?: string | null }) {
  let q = db.selectFrom("organizations").select(["id", "name", "creditCode", "regionCode"]).where("kind", "=", "agency");
  if (by.agencyId && isUuid(by.agencyId)) q = q.where("id", "=", by.agencyId);
  else if (by.creditCode && /^[0-9A-Z]{18}$/.test(by.creditCode.trim().toUpperCase()))
    q = q.where("creditCode", "=", by.creditCode.trim().toUpperCase());
  else return null;
  return (await q.executeTakeFirst()) ?? null;
}
