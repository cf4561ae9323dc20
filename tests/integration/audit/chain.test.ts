import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents, recordAudit, verifyAuditChain } from "~/modules/audit/audit.server";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { expectRaised } from "../../support/errors";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase({ reference: false });
});
afterAll(async () => {
  await h?.close();
});

function append(i: number) {
  return h.db.transaction().execute((trx) =>
    recordAudit(trx, {
      action: "test.event",
      subjectType: "project",
      subjectId: `p${i % 3}`,
      data: { i, 名称: "测试", nested: { z: 1, a: [i] } },
    }),
  );
}

describe("the audit trail", () => {
  it("chains events appended in parallel without forks", async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => append(i)));
    const report = await verifyAuditChain(h.db, 7); // small batches exercise the batch seam
    expect(report).toMatchObject({ ok: true, checked: 40, firstBroken: null });
    expect((await listAuditEvents(h.db, "project", "p1")).length).toBe(13);
  });

  it("is written in the same transaction as the change: a rollback leaves no event", async () => {
    const before = (await verifyAuditChain(h.db)).checked;
    await expect(
      h.db.transaction().execute(async (trx) => {
        await recordAudit(trx, { action: "test.rolledBack", subjectType: "project", subjectId: "px" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect((await verifyAuditChain(h.db)).checked).toBe(before);
  });

  it("refuses to record outside a transaction", async () => {
    await expect(recordAudit(h.db as never, { action: "x", subjectType: "y", subjectId: "z" })).rejects.toThrow(/inside the transaction/);
  });

  it("refuses updates and deletes", async () => {
    await expectRaised(sql`update audit_events set action = 'forged' where id = 1`.execute(h.db), "audit_append_only");
    await expectRaised(sql`delete from audit_events where id = 1`.execute(h.db), "audit_append_only");
  });

  it("names the first broken row when someone with superuser rights tampers with it", async () => {
    const victim = await h.db.selectFrom("auditEvents").select("id").orderBy("id").offset(10).limit(1).executeTakeFirstOrThrow();
    await sql`alter table audit_events disable trigger audit_events_no_update`.execute(h.db);
    await sql`update audit_events set data = '{"i": -1}'::jsonb where id = ${victim.id}`.execute(h.db);
    await sql`alter table audit_events enable trigger audit_events_no_update`.execute(h.db);
    const report = await verifyAuditChain(h.db, 7);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toEqual({ id: victim.id, reason: "hash" });
  });
});
