import type { Kysely } from "kysely";
import nodemailer from "nodemailer";
import type { DB } from "#db/schema";
import { translate, type Locale } from "~/i18n";

export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    },
  };
}

const SUBJECT_PAGE: Record<string, string> = { project: "projects", qualification: "agency" };

/**
 * E-mails the in-app notifications not yet sent to every member of the organisation, in each
 * member's language. Each notification is claimed with `skip locked` and marked sent in its own
 * transaction, so several instances never send one twice, and a failed send is retried next run.
 */
export async function sendPendingNotificationEmails(db: Kysely<DB>, mailer: Mailer, publicUrl: string, batch = 50): Promise<number> {
  let sent = 0;
  for (let i = 0; i < batch; i++) {
    const done = await db.transaction().execute(async (trx) => {
      const n = await trx
        .selectFrom("notifications")
        .selectAll()
        .where("emailedAt", "is", null)
        .orderBy("createdAt")
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!n) return false;
      const members = await trx
        .selectFrom("memberships as m")
        .innerJoin("users as u", "u.id", "m.userId")
        .select(["u.email", "u.locale"])
        .where("m.orgId", "=", n.orgId)
        .execute();
      const page = SUBJECT_PAGE[n.subjectType];
      const link = page === "projects" ? `${publicUrl}/projects/${n.subjectId}` : `${publicUrl}/${page ?? ""}`;
      for (const member of members) {
        const locale = (member.locale === "en" ? "en" : "zh-CN") as Locale;
        const body = translate(locale, `notify.${n.kind}`, n.params as Record<string, string>);
        await mailer.send({ to: member.email, subject: `${translate(locale, "app.name")}: ${body.slice(0, 60)}`, text: `${body}\n\n${link}\n` });
      }
      await trx.updateTable("notifications").set({ emailedAt: new Date() }).where("id", "=", n.id).execute();
      return true;
    });
    if (!done) break;
    sent += 1;
  }
  return sent;
}
