import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getViewer, signUp } from "~/modules/identity/accounts.server";
import type { DatabaseHandle } from "~/server/db.server";
import { sendPendingNotificationEmails, smtpMailer } from "~/server/mailer.server";
import { createTestDatabase } from "../../support/db";
import { signUpInput } from "../../support/fixtures";

let h: DatabaseHandle;
let server: SMTPServer;
let port = 0;
const received: { to: string; body: string }[] = [];

beforeAll(async () => {
  h = await createTestDatabase();
  // A local SMTP sink on loopback: what a real relay would receive.
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let body = "";
      stream.on("data", (c: Buffer) => (body += c.toString("utf8")));
      stream.on("end", () => {
        for (const r of session.envelope.rcptTo) received.push({ to: r.address, body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h?.close();
});

describe("notification e-mail", () => {
  it("goes to every member of the organisation once, whoever runs the sweep", async () => {
    const { userId, orgId } = await signUp(h.db, signUpInput({ email: "chief@agency.example.cn" }));
    await h.db.insertInto("users").values({ email: "staff@agency.example.cn", name: "员工", passwordHash: "x", locale: "en" }).execute();
    const staff = await h.db.selectFrom("users").select("id").where("email", "=", "staff@agency.example.cn").executeTakeFirstOrThrow();
    await h.db.insertInto("memberships").values({ userId: staff.id, orgId, role: "member" }).execute();
    expect((await getViewer(h.db, userId))?.org?.id).toBe(orgId);
    await h.db
      .insertInto("notifications")
      .values({
        orgId,
        kind: "qualification.expiring",
        subjectType: "qualification",
        subjectId: "q1",
        params: JSON.stringify({ certificateNo: "乙测资字 1", item: "地形图测绘", validTo: "2026-12-31" }),
      })
      .execute();
    const mailer = smtpMailer(`smtp://127.0.0.1:${port}`, "中介超市 <noreply@zjcs.local>");
    const [a, b] = await Promise.all([
      sendPendingNotificationEmails(h.db, mailer, "http://zjcs.example"),
      sendPendingNotificationEmails(h.db, mailer, "http://zjcs.example"),
    ]);
    expect(a + b).toBe(1);
    expect(await sendPendingNotificationEmails(h.db, mailer, "http://zjcs.example")).toBe(0);
    expect(received.map((r) => r.to).sort()).toEqual(["chief@agency.example.cn", "staff@agency.example.cn"]);
    const english = received.find((r) => r.to === "staff@agency.example.cn")!.body;
    expect(english).toContain("expires on 2026-12-31");
  });
});
