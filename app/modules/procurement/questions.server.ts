import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { requireAgencyMember } from "~/modules/agencies/services.server";
import { conflict, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { requireOwner } from "./projects.server";
import { qaOpen } from "./projects.rules";

export async function askQuestion(db: Kysely<DB>, viewer: Viewer, projectId: string, question: string, now = new Date()) {
  const agency = requireAgencyMember(viewer).org;
  const p = await db.selectFrom("projects").select(["status", "bidDeadline"]).where("id", "=", projectId).executeTakeFirst();
  if (!p || p.status !== "bidding" || !p.bidDeadline) throw conflict("not_bidding", "errors.bid.closed", "question");
  if (!qaOpen(p.bidDeadline, now)) throw conflict("qa_closed", "project.qa.closed", "question");
  await db.insertInto("projectQuestions").values({ projectId, askedByOrg: agency.id, question }).execute();
}

export async function answerQuestion(db: Kysely<DB>, viewer: Viewer, questionId: string, answer: string) {
  const owner = requireOwner(viewer).org;
  await db.transaction().execute(async (trx) => {
    const q = await trx
      .selectFrom("projectQuestions as q")
      .innerJoin("projects as p", "p.id", "q.projectId")
      .select(["q.id", "q.projectId", "q.answeredAt", "p.ownerOrgId"])
      .where("q.id", "=", questionId)
      .forUpdate()
      .executeTakeFirst();
    if (!q || q.ownerOrgId !== owner.id) throw notFound();
    // A repeat never overwrites the published answer: 409 with the state found.
    if (q.answeredAt) throw conflict("state", "errors.question.answered", "_form", { state: "@question.status.answered" });
    await trx
      .updateTable("projectQuestions")
      .set({ answer, answeredAt: sql<Date>`now()` })
      .where("id", "=", questionId)
      .execute();
    await recordAudit(trx, {
      action: "project.questionAnswered",
      subjectType: "project",
      subjectId: q.projectId,
      actorUserId: viewer.userId,
      actorOrgId: owner.id,
      data: { questionId, answer },
    });
  });
}

/** Questions and answers as the public sees them: never who asked. */
export { qaOpen };

export function questionsQuery(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom("projectQuestions")
    .select(["id", "question", "answer", "answeredAt", "createdAt"])
    .where("projectId", "=", projectId)
    .orderBy("createdAt");
}

export async function listQuestions(db: Kysely<DB>, projectId: string) {
  return questionsQuery(db, projectId).execute();
}
