import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "~/modules/identity/viewer";
import { submitBid } from "~/modules/procurement/bids.server";
import { cancelProject, reviseProject } from "~/modules/procurement/projects.server";
import { ProjectSchema } from "~/modules/procurement/projects.schema";
import { openDueProjects } from "~/modules/procurement/selection.server";
import { addCalendarDays, beijingDate } from "~/lib/beijing-calendar";
import { bulkStream } from "~/modules/opendata/bulk.server";
import { DATASETS, RELEASE_ACTIONS, type OcdsConfig } from "~/modules/opendata/ocds.rules";
import { projectRecord, releaseFeedPage } from "~/modules/opendata/ocds.server";
import { SanctionSchema } from "~/modules/trust/trust.schema";
import { parseCsv } from "~/lib/csv";
import { issueSanction } from "~/modules/trust/sanctions.server";
import type { DatabaseHandle } from "~/server/db.server";
import { loader as bulkLoader } from "~/routes/api/bulk";
import { loader as feedLoader } from "~/routes/api/ocds-releases";
import { loader as recordLoader } from "~/routes/api/ocds-record";
import { formatErrors, ocdsValidators } from "../../fixtures/ocds/validator";
import { createTestDatabase } from "../../support/db";
import { world } from "../../support/world";

let h: DatabaseHandle;
let w: ReturnType<typeof world>;
let owner: Viewer;
let a1: Viewer;
let a2: Viewer;
let a3: Viewer;
let completed: string;
let sealed: string;
let failed: string;
let cancelled: string;
const cfg: OcdsConfig = { ocidPrefix: "ocds-test01", baseUrl: "http://localhost:3000" };
const v = ocdsValidators();
const SEALED_PRICE = 4_123_456; // ¥41,234.56, a price that appears nowhere else
// People: these must never reach the open data.
const PEOPLE = [
  "业主法人王某",
  "甲机构法人赵某",
  "乙机构法人钱某",
  "李联系",
  "025-83001234",
  "contact@example.cn",
  "@example.cn",
  "测试用户",
  "监管员",
  "南京市玄武区测试路",
];

type Json = Record<string, any>;

async function allFeed(limit: number) {
  const releases: Json[] = [];
  let after = 0;
  for (let page = 0; page < 1000; page++) {
    const self = `http://localhost:3000/ocds/releases?after=${after}&limit=${limit}`;
    const r = await releaseFeedPage(h.db, cfg, { after, limit, selfUrl: self });
    if (r.count === 0) {
      expect(r.next).toBe(after);
      return releases;
    }
    expect(v.releasePackage(r.package), formatErrors(v.releasePackage.errors)).toBe(true);
    expect(r.package.releases as Json[]).toHaveLength(r.count);
    expect((r.package.links as Json).next).toBe(`http://localhost:3000/ocds/releases?after=${r.next}&limit=${limit}`);
    releases.push(...(r.package.releases as Json[]));
    after = r.next;
  }
  throw new Error("the feed did not end");
}

async function record(id: string): Promise<Json> {
  const rec = await projectRecord(h.db, cfg, id, `http://localhost:3000/ocds/records/${id}`);
  expect(rec, `record of ${id}`).not.toBeNull();
  expect(v.recordPackage(rec), formatErrors(v.recordPackage.errors)).toBe(true);
  return rec as Json;
}

const creditCode = async (v: Viewer) =>
  (await h.db.selectFrom("organizations").select("creditCode").where("id", "=", v.org!.id).executeTakeFirstOrThrow()).creditCode;
const eventId = (releaseId: string) => Number(releaseId.slice(releaseId.lastIndexOf("-") + 1));
const context = () => ({ db: h.db }) as never;

async function readAll(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return { chunks: chunks.length, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(Buffer.concat(chunks)) };
}

beforeAll(async () => {
  h = await createTestDatabase();
  w = world(h.db);
  owner = await w.owner("开放数据测试业主有限公司", "业主法人王某");
  a1 = await w.agency("开放数据甲环评咨询有限公司", "320100", { legalRepresentative: "甲机构法人赵某" });
  a2 = await w.agency("开放数据乙环评咨询有限公司", "320100", { legalRepresentative: "乙机构法人钱某" });
  a3 = await w.agency("开放数据丙环评咨询有限公司");
  // A finished contract: published, one bid, opened, awarded, final, signed, delivered, accepted.
  completed = await w.completedContract(owner, a1);
  // Failed (流标): nobody bids.
  failed = await w.project(owner, { title: "开放数据无人投标的地形图测绘项目" });
  await w.passDeadline(failed);
  await openDueProjects(h.db);
  // Revised after publication, then cancelled by the owner.
  cancelled = await w.project(owner, { title: "开放数据后来取消的造价咨询项目" });
  const deadline = new Date(Date.now() + 25 * 86_400_000);
  await reviseProject(
    h.db,
    owner,
    cancelled,
    ProjectSchema.parse({
      title: "开放数据后来取消的造价咨询项目（修改）",
      serviceItemId: String(await w.itemId("eia-form")),
      regionCode: "320100",
      description: "修改后的项目说明，需编制环境影响报告表。",
      deliverables: "环境影响报告表",
      priceCeiling: "60000",
      selectionMethod: "lowestPrice",
      bidDeadline: new Date(deadline.getTime() + 8 * 3600_000).toISOString().slice(0, 16),
      expectedDays: "20",
    }),
  );
  await cancelProject(h.db, owner, cancelled, { ground: "fundingUnavailable", explanation: "业主法人王某决定取消，联系电话 025-83001234" });
  // Still bidding, with two sealed bids.
  sealed = await w.project(owner, { title: "开放数据仍在报价的环评项目" });
  await submitBid(h.db, a1, sealed, { price: SEALED_PRICE, committedDays: 12, proposal: "技术方案：由李联系负责" });
  await submitBid(h.db, a2, sealed, { price: 4_300_000, committedDays: 14, proposal: null });
  // A public sanction on an agency that takes no part.
  const reg = await w.regulator("开放数据测试监管处", "320000", "all");
  const today = beijingDate(new Date());
  await issueSanction(
    h.db,
    reg,
    SanctionSchema.parse({
      agencyId: a3.org!.id,
      type: "blacklist",
      grounds: "出具虚假报告，情节严重。",
      legalBasis: "《江苏省行政审批中介服务管理办法》第三十条",
      decisionRef: "苏中介罚〔2026〕8号",
      scopeRegions: [],
      scopeItems: [],
      startsOn: today,
      endsOn: addCalendarDays(today, 30),
      affiliates: "",
    }),
  );
});
afterAll(async () => {
  await h?.close();
});

describe("the change feed", () => {
  it("returns every release exactly once, in event order, in schema-valid pages, whatever the page size", async () => {
    const big = await allFeed(500);
    const small = await allFeed(2);
    expect(small.map((r) => r.id)).toEqual(big.map((r) => r.id));
    expect(new Set(big.map((r) => r.id)).size).toBe(big.length);
    const ids = big.map((r) => eventId(r.id));
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    // One release per release-making audit event of a published project.
    const events = await h.db
      .selectFrom("auditEvents")
      .select("id")
      .where("subjectType", "=", "project")
      .where("action", "in", [...RELEASE_ACTIONS])
      .orderBy("id")
      .execute();
    expect(ids).toEqual(events.map((e) => e.id));
    const tagsOf = (projectId: string) => big.filter((r) => r.ocid === `ocds-test01-${projectId}`).map((r) => r.tag.join("+"));
    expect(tagsOf(completed)).toEqual([
      "tender",
      "tenderUpdate",
      "award",
      "awardUpdate",
      "contract",
      "implementation",
      "implementationUpdate+contractTermination",
    ]);
    expect(tagsOf(failed)).toEqual(["tender", "tenderUpdate", "tenderUpdate"]);
    expect(tagsOf(cancelled)).toEqual(["tender", "tenderAmendment", "tenderCancellation"]);
    expect(tagsOf(sealed)).toEqual(["tender"]);
    const last = big.filter((r) => r.ocid.endsWith(failed)).at(-1)!;
    expect(last.tender.status).toBe("unsuccessful");
    expect(last.tender.numberOfTenderers).toBe(0);
  });

  it("is served by its route with links.next, and refuses a bad cursor", async () => {
    const res = await feedLoader({ request: new Request("http://localhost:3000/ocds/releases?limit=3"), params: {}, context: context() });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(v.releasePackage(body), formatErrors(v.releasePackage.errors)).toBe(true);
    expect(body.releases).toHaveLength(3);
    expect(body.links.next).toMatch(/\/ocds\/releases\?after=\d+&limit=3$/);
    const bad = await feedLoader({
      request: new Request("http://localhost:3000/ocds/releases?after=-1&limit=9999"),
      params: {},
      context: context(),
    });
    expect(bad.status).toBe(400);
  });
});

describe("records", () => {
  it("every project's record validates, and the compiled release is its current state", async () => {
    const rc = await record(completed);
    const c = rc.records[0].compiledRelease;
    expect(c.tag).toEqual(["compiled"]);
    expect(c.tender.status).toBe("complete");
    expect(c.tender.value).toEqual({ amount: 50000, currency: "CNY" });
    expect(c.tender.procurementMethod).toBe("open");
    expect(c.tender.items[0].classification).toMatchObject({ scheme: "ZJCS-SERVICE", id: "eia-form" });
    expect(c.awards[0]).toMatchObject({ status: "active", value: { amount: 40000, currency: "CNY" } });
    expect(c.contracts[0].status).toBe("terminated");
    expect(c.contracts[0].implementation.milestones[0].status).toBe("met");
    expect(c.bids.details).toHaveLength(1);
    const a1Party = c.parties.find((p: Json) => p.name === "开放数据甲环评咨询有限公司");
    expect(a1Party.roles).toEqual(["tenderer", "supplier"]);
    expect(a1Party.identifier).toMatchObject({ scheme: "CN-SAIC", id: await creditCode(a1) });
    expect(rc.records[0].releases.map((r: Json) => r.id)).toEqual(
      (await allFeed(500)).filter((r) => r.ocid.endsWith(completed)).map((r) => r.id),
    );

    const cancelledRecord = (await record(cancelled)).records[0];
    expect(cancelledRecord.compiledRelease.tender.status).toBe("cancelled");
    expect(cancelledRecord.compiledRelease.tender.title).toContain("（修改）");
    // The amendment notice and the cancellation notice, as OCDS has them.
    expect(cancelledRecord.compiledRelease.tender.amendments).toEqual([
      expect.objectContaining({ rationale: "更正公告（第 1 次）", description: expect.stringContaining("title") }),
    ]);
    expect(cancelledRecord.compiledRelease.tender.documents).toContainEqual(
      expect.objectContaining({ documentType: "cancellationDetails", description: "取消理由：资金未落实" }),
    );
    expect((await record(failed)).records[0].compiledRelease.tender.status).toBe("unsuccessful");
    expect((await record(sealed)).records[0].compiledRelease.tender.status).toBe("active");
    // By ocid too, through the route; unknown ids are 404.
    const res = await recordLoader({
      request: new Request(`http://localhost:3000/ocds/records/ocds-zjcs01-${completed}`),
      params: { id: `ocds-zjcs01-${completed}` },
      context: context(),
    });
    expect(res.status).toBe(200);
    expect(v.recordPackage(await res.json()), formatErrors(v.recordPackage.errors)).toBe(true);
    const missing = await recordLoader({
      request: new Request("http://localhost:3000/ocds/records/nope"),
      params: { id: "nope" },
      context: context(),
    });
    expect(missing.status).toBe(404);
  });

  it("keeps bids sealed until the deadline has passed and bidding has closed", async () => {
    const noBids = async () => {
      const json = JSON.stringify([await record(sealed), await allFeed(500)]);
      expect(json).not.toContain("41234.56");
      const rel = (await record(sealed)).records[0];
      expect(rel.compiledRelease.bids).toBeUndefined();
      expect(rel.compiledRelease.tender.numberOfTenderers).toBeUndefined();
      expect(rel.compiledRelease.parties.map((p: Json) => p.roles).flat()).not.toContain("tenderer");
      const bulk = await readAll(bulkStream(h.db, "projects", "jsonl", cfg));
      const row = bulk.text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Json)
        .find((r) => r.id === sealed)!;
      expect(row.number_of_tenderers).toBeNull();
    };
    await noBids();
    // The deadline passes, but the opening job has not run: still sealed.
    await w.passDeadline(sealed);
    await noBids();
    await openDueProjects(h.db);
    const rc = (await record(sealed)).records[0];
    const opened = rc.compiledRelease;
    expect(opened.bids.details.map((b: Json) => b.value.amount).sort()).toEqual([41234.56, 43000]);
    expect(opened.tender.numberOfTenderers).toBe(2);
    // The release of the bidding itself still shows none: it is the state as of that event.
    expect(rc.releases[0].tag).toEqual(["tender"]);
    expect(rc.releases[0].bids).toBeUndefined();
    expect(rc.releases[1].tag).toEqual(["tenderUpdate"]);
    expect(rc.releases[1].bids.details).toHaveLength(2);
  });
});

describe("bulk downloads", () => {
  it("stream every dataset page by page as JSON lines and CSV with the right rows", async () => {
    const projects = await h.db.selectFrom("projects").select("id").where("status", "<>", "draft").execute();
    const expected: Record<string, number> = {
      projects: projects.length,
      awards: Number((await sql<{ n: number }>`select count(*)::int as n from awards`.execute(h.db)).rows[0]!.n),
      contracts: 1,
      agencies: 3,
      sanctions: 1,
    };
    for (const dataset of DATASETS) {
      const jsonl = await readAll(bulkStream(h.db, dataset, "jsonl", cfg, { pageSize: 2 }));
      const rows = jsonl.text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Json);
      expect(rows, dataset).toHaveLength(expected[dataset]!);
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      expect(rows.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id));
      // More rows than a page: more than one chunk, i.e. really read a page at a time.
      if (rows.length > 2) expect(jsonl.chunks).toBeGreaterThan(1);
      const csv = await readAll(bulkStream(h.db, dataset, "csv", cfg, { pageSize: 2 }));
      expect(csv.text.startsWith("\uFEFF")).toBe(true);
      const table = parseCsv(csv.text);
      expect(table[0]).toEqual(Object.keys(rows[0]!));
      expect(table.slice(1).map((r) => r[0])).toEqual(rows.map((r) => r.id));
      for (const p of PEOPLE) {
        expect(jsonl.text, `${dataset} jsonl: ${p}`).not.toContain(p);
        expect(csv.text, `${dataset} csv: ${p}`).not.toContain(p);
      }
    }
    const agencies = parseCsv((await readAll(bulkStream(h.db, "agencies", "csv", cfg))).text);
    const header = agencies[0]!;
    const a1Row = agencies.find((r) => r[header.indexOf("name")] === "开放数据甲环评咨询有限公司")!;
    expect(a1Row[header.indexOf("credit_code")]).toBe(await creditCode(a1));
    expect(a1Row[header.indexOf("business_scope")]).toBe("环境影响评价、环境监测技术咨询");
    const contracts = (await readAll(bulkStream(h.db, "contracts", "jsonl", cfg))).text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Json);
    expect(contracts[0]).toMatchObject({
      project_id: completed,
      value_amount: 40000,
      currency: "CNY",
      status: "completed",
      ocds_status: "terminated",
      late_workdays: 0,
    });
    const contractsCsv = parseCsv((await readAll(bulkStream(h.db, "contracts", "csv", cfg))).text);
    expect(contractsCsv[1]![contractsCsv[0]!.indexOf("value_amount")]).toBe("40000.00");
    const sanctions = (await readAll(bulkStream(h.db, "sanctions", "jsonl", cfg))).text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Json);
    expect(sanctions[0]).toMatchObject({
      type: "blacklist",
      state: "inForce",
      subject_name: "开放数据丙环评咨询有限公司",
      credit_code: await creditCode(a3),
      decision_ref: "苏中介罚〔2026〕8号",
    });
  });

  it("are served as attachments by their route", async () => {
    const res = await bulkLoader({
      request: new Request("http://localhost:3000/open-data/bulk/awards.csv"),
      params: { file: "awards.csv" },
      context: context(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/csv/);
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="awards-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parseCsv(await res.text());
    expect(rows[0]).toContain("supplier_credit_code");
    expect(rows.length).toBeGreaterThan(1);
    const jl = await bulkLoader({
      request: new Request("http://localhost:3000/open-data/bulk/projects.jsonl"),
      params: { file: "projects.jsonl" },
      context: context(),
    });
    expect(jl.headers.get("Content-Type")).toMatch(/^application\/x-ndjson/);
    const missing = await bulkLoader({
      request: new Request("http://localhost:3000/open-data/bulk/users.csv"),
      params: { file: "users.csv" },
      context: context(),
    });
    expect(missing.status).toBe(404);
  });
});

describe("no personal data", () => {
  it("the feed and every record carry no people", async () => {
    const json = JSON.stringify([await allFeed(500), ...(await Promise.all([completed, sealed, failed, cancelled].map(record)))]);
    for (const p of PEOPLE) expect(json, p).not.toContain(p);
    expect(json).not.toMatch(/contactPoint|legalRepresentative|telephone|"email"/);
  });
});
