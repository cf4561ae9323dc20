import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { acceptInvitation, createRegulatorOffice, getViewer, signUp } from "~/modules/identity/accounts.server";
import type { Viewer } from "~/modules/identity/viewer";
import { submitBid } from "~/modules/procurement/bids.server";
import { decideDelivery, signContract, submitDelivery } from "~/modules/procurement/contracts.server";
import { ProjectSchema } from "~/modules/procurement/projects.schema";
import { createProject, publishProject } from "~/modules/procurement/projects.server";
import { finalizeDueAwards, openDueProjects } from "~/modules/procurement/selection.server";
import { beijingDate } from "~/lib/beijing-calendar";
import { signUpInput } from "./fixtures";

/** Builders for tests that need organisations, projects and finished contracts, through the real modules. */
export function world(db: Kysely<DB>) {
  let n = 0;
  const items = new Map<string, number>();
  async function itemId(code: string) {
    if (!items.has(code))
      items.set(code, (await db.selectFrom("serviceItems").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id);
    return items.get(code)!;
  }
  return {
    itemId,
    async agency(name?: string, regionCode = "320100", over: { legalRepresentative?: string; creditCode?: string } = {}): Promise<Viewer> {
      n += 1;
      const input = signUpInput({
        orgName: name ?? `信用测试中介机构${n}有限公司`,
        regionCode,
        ...(over.creditCode ? { creditCode: over.creditCode } : {}),
      });
      if (over.legalRepresentative) input.agency!.legalRepresentative = over.legalRepresentative;
      return (await getViewer(db, (await signUp(db, input)).userId))!;
    },
    async owner(name?: string, legalRepresentative = "业主法人"): Promise<Viewer> {
      n += 1;
      const input = signUpInput({ kind: "owner", ownerType: "enterprise", orgName: name ?? `信用测试业主${n}有限公司` });
      const viewer = (await getViewer(db, (await signUp(db, input)).userId))!;
      await db.updateTable("organizations").set({ legalRepresentative }).where("id", "=", viewer.org!.id).execute();
      return viewer;
    },
    async regulator(name: string, regionCode: string, itemCodes: string[] | "all"): Promise<Viewer> {
      n += 1;
      const row = await db
        .insertInto("users")
        .values({
          email: `site-admin-${n}-${Math.random().toString(36).slice(2, 8)}@example.cn`,
          name: "平台管理员",
          passwordHash: "x",
          isSiteAdmin: true,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const admin = (await getViewer(db, row.id))!;
      const ids =
        itemCodes === "all"
          ? (await db.selectFrom("serviceItems").select("id").execute()).map((r) => r.id)
          : await Promise.all(itemCodes.map(itemId));
      const email = `reg-${n}-${Math.random().toString(36).slice(2, 8)}@example.cn`;
      const { token } = await createRegulatorOffice(db, admin, { officeName: name, regionCode, serviceItemIds: ids, adminEmail: email });
      const { userId } = await acceptInvitation(db, token, {
        userName: "监管员",
        password: "regulator pass",
        passwordConfirm: "regulator pass",
      });
      return (await getViewer(db, userId))!;
    },
    /** A published project, open for bids, deadline in 20 days. */
    async project(owner: Viewer, over: Record<string, unknown> = {}) {
      const deadline = new Date(Date.now() + 20 * 86_400_000);
      const input = ProjectSchema.parse({
        title: "信用测试项目环境影响报告表编制",
        serviceItemId: String(await itemId("eia-form")),
        regionCode: "320100",
        description: "新建厂房项目，需编制环境影响报告表并配合报批。",
        deliverables: "环境影响报告表及批复",
        priceCeiling: "50000",
        selectionMethod: "lowestPrice",
        bidDeadline: new Date(deadline.getTime() + 8 * 3600_000).toISOString().slice(0, 16),
        expectedDays: "20",
        ...over,
      });
      const { id } = await createProject(db, owner, input);
      await publishProject(db, owner, id, crypto.randomUUID());
      return id;
    },
    async passDeadline(projectId: string) {
      await sql`update projects set published_at = now() - interval '10 days', bid_deadline = now() - interval '1 second' where id = ${projectId}`.execute(
        db,
      );
    },
    /** From a published project to a contract signed today, with one bidder who wins at `price`. */
    async signedContract(owner: Viewer, agency: Viewer, price = 40_000_00, over: Record<string, unknown> = {}) {
      const id = await this.project(owner, over);
      await submitBid(db, agency, id, { price, committedDays: 10, proposal: null });
      await this.passDeadline(id);
      await openDueProjects(db);
      await sql`update awards set publicity_ends_at = now() - interval '1 second' where project_id = ${id}`.execute(db);
      await finalizeDueAwards(db);
      await signContract(db, owner, id, beijingDate(new Date()));
      return id;
    },
    /** From a published project to a completed contract, with one bidder who wins. */
    async completedContract(owner: Viewer, agency: Viewer, over: Record<string, unknown> = {}) {
      const id = await this.signedContract(owner, agency, 40_000_00, over);
      await submitDelivery(db, agency, id, "成果文件");
      await decideDelivery(db, owner, id, "accept", null);
      return id;
    },
  };
}
