import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Field, SelectField, SubmitButton, ValidatedForm } from "~/components/form";
import { parseForm } from "~/lib/forms";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { INVITATION_DAYS, InviteSchema } from "~/modules/identity/accounts.schema";
import { inviteMember, listMembers } from "~/modules/identity/accounts.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgMember } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("members.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgMember(context, request);
  const { members, invitations } = await listMembers(context.db, viewer.org.id);
  const isAdmin = viewer.role === "admin";
  return { orgName: viewer.org.name, members, invitations: isAdmin ? invitations : [], isAdmin };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgMember(context, request);
  const parsed = parseForm(InviteSchema, await readForm(request));
  if (!parsed.ok) return invalid(parsed);
  try {
    const { token } = await inviteMember(context.db, viewer, parsed.data);
    const link = `${new URL(request.url).origin}/invite/${token}`;
    return data({ invited: { email: parsed.data.email, link } });
  } catch (e) {
    return domainErrorResponse(e, parsed.data);
  }
}

export default function Members() {
  const { orgName, members, invitations, isAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const invited = actionData && "invited" in actionData ? actionData.invited : null;
  return (
    <>
      <h1>
        {t("members.title")} <span className="sub-heading">{orgName}</span>
      </h1>
      <p className="lead">{t("members.lead")}</p>
      <TableWrap label={t("members.title")}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("members.col.name")}</th>
              <th scope="col">{t("members.col.email")}</th>
              <th scope="col">{t("members.col.role")}</th>
              <th scope="col">{t("members.col.since")}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>{t(`role.${m.role}`)}</td>
                <td>{t.date(m.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {isAdmin ? (
        <div className="two-col">
          <section className="section" aria-labelledby="invite-heading">
            <h2 id="invite-heading">{t("members.invite")}</h2>
            {invited && (
              <div className="alert alert-success" role="status">
                <p>{t("members.invite.created", { email: invited.email, days: INVITATION_DAYS })}</p>
                <p>
                  <code className="copyable" data-testid="invitation-link">
                    {invited.link}
                  </code>
                </p>
              </div>
            )}
            <ValidatedForm schema={InviteSchema}>
              <Field name="email" type="email" label={t("members.invite.email")} required />
              <SelectField name="role" label={t("members.invite.role")} defaultValue="member" required>
                <option value="member">{t("role.member")}</option>
                <option value="admin">{t("role.admin")}</option>
              </SelectField>
              <SubmitButton>{t("members.invite.submit")}</SubmitButton>
            </ValidatedForm>
          </section>
          <section className="section" aria-labelledby="pending-heading">
            <h2 id="pending-heading">{t("members.pending")}</h2>
            {invitations.length === 0 ? (
              <p className="muted">{t("members.pending.none")}</p>
            ) : (
              <ul className="plain-list">
                {invitations.map((i) => (
                  <li key={i.id}>
                    {i.email} · {t(`role.${i.role}`)} ·{" "}
                    <span className="muted">{t("members.pending.expires", { date: t.date(i.expiresAt) })}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      ) : (
        <p className="muted">{t("members.onlyAdmins")}</p>
      )}
    </>
  );
}
