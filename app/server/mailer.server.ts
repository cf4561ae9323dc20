import { sql, type Kysely } from "kysely";
import nodemailer from "nodemailer";
import type { DB } from "#db/schema";
import { translate, type Locale } from "~/i18n";
import { log } from "./log.server";

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

/** How long a claimed notification is left to the instance that claimed it before another may take it over. */
const CLAIM_MS = 5 * 60_000;
/** A recipient that keeps failing is retried after 1, 2, 4, 8 minutes, then given up (the in-app notification stays). */
const MAX_ATTEMPTS = 5;
const retryDelayMs = (attempt: number) => 60_000 * 2 ** (attempt - 1);

/**
 * E-mails the in-app notifications not yet sent to every member of the organisation, in each
 * member's language. A notification is claimed (with `skip locked`, for a few minutes) in a short
 * transaction of its own, so several instances never take the same one and no transaction stays open
 * while mail is sent; each recipient is recorded as soon as the mail server took the message, so a run
 * that dies halfway is taken over later and sends only to those not yet recorded (at worst one recipient
 * twice: the one whose message was accepted just before the crash). A recipient the mail server refuses
 * is retried later with a growing delay, without holding up later notifications. Returns how many
 * notifications were fully sent.
 */
export async function sendPendingNotificationEmails(
  db: Kysely<DB>,
  mailer: Mailer,
  publicUrl: string,
  batch = 50,
  now = new Date(),
): Promise<number> {
  let sent = 0;
  for (let i = 0; i < batch; i++) {
    const n = await db
      .updateTable("notifications")
      .set((eb) => ({ emailRetryAt: new Date(now.getTime() + CLAIM_MS), emailAttempts: eb("emailAttempts", "+", 1) }))
      .where("id", "=", (eb) =>
        eb
          .selectFrom("notifications")
          .select("id")
          .where("emailedAt", "is", null)
          .where((w) => w.or([w("emailRetryAt", "is", null), w("emailRetryAt", "<=", now)]))
          .orderBy("createdAt")
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .returningAll()
      .executeTakeFirst();
    if (!n) break;
    const members = await db
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.userId")
      .select(["u.email", "u.locale"])
      .where("m.orgId", "=", n.orgId)
      .execute();
    const page = SUBJECT_PAGE[n.subjectType];
    const link = page === "projects" ? `${publicUrl}/projects/${n.subjectId}` : `${publicUrl}/${page ?? ""}`;
    let failed = 0;
    for (const member of members) {
      if (n.emailedTo.includes(member.email)) continue;
      const locale = (member.locale === "en" ? "en" : "zh-CN") as Locale;
      const body = translate(locale, `notify.${n.kind}`, n.params as Record<string, string>);
      try {
        await mailer.send({
          to: member.email,
          subject: `${translate(locale, "app.name")}: ${body.slice(0, 60)}`,
          text: `${body}\n\n${link}\n`,
        });
      } catch (e) {
        failed += 1;
        log.warn("notification e-mail refused", { notificationId: n.id, attempt: n.emailAttempts, err: (e as Error).message });
        continue;
      }
      await db
        .updateTable("notifications")
        .set((eb) => ({ emailedTo: sql<string[]>`array_append(${eb.ref("emailedTo")}, ${member.email})` }))
        .where("id", "=", n.id)
        .execute();
    }
    if (failed === 0 || n.emailAttempts >= MAX_ATTEMPTS) {
      if (failed) log.error("notification e-mail given up", { notificationId: n.id, attempts: n.emailAttempts });
      await db.updateTable("notifications").set({ emailedAt: new Date() }).where("id", "=", n.id).execute();
      if (!failed) sent += 1;
    } else {
      await db
        .updateTable("notifications")
        .set({ emailRetryAt: new Date(now.getTime() + retryDelayMs(n.emailAttempts)) })
        .where("id", "=", n.id)
        .execute();
    }
  }
  return sent;
}
