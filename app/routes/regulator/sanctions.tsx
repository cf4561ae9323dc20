import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ActionAlert, Field, SubmitButton, ValidatedForm } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { PeriodText, SanctionBadge, SanctionStateBadge } from "~/components/trust";
import { parseForm, sentText } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { dismissProposal, listIssuedSanctions, listProposals } from "~/modules/trust/sanctions.server";
import { DismissProposalSchema } from "~/modules/trust/trust.schema";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("sanction.register");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const [issued, proposals] = await Promise.all([listIssuedSanctions(context.db, viewer), listProposals(context.db, viewer)]);
  return { issued, proposals };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const parsed = parseForm(DismissProposalSchema, await readForm(request));
  if (!parsed.ok) return invalid(parsed, { scope: sentText(parsed.values, "id"), status: 200 });
  try {
    await dismissProposal(context.db, viewer, parsed.data.id, parsed.data.reason);
    return redirect("/regulator/sanctions?dismissed=1");
  } catch (e) {
    return domainErrorResponse(e, {}, parsed.data.id);
  }
}

export default function SanctionRegister() {
  const { issued, proposals } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <h1>{t("sanction.register")}</h1>
      <p className="lead">{t("sanction.registerLead")}</p>
      <p className="cta-row">
        <Link to="/regulator/sanctions/new" className="button button-primary">
          {t("sanction.new")}
        </Link>
        <Link to="/regulator/sanctions/import" className="button">
          {t("sanction.import")}
        </Link>
        <Link to="/blacklist" className="button button-ghost">
          {t("blacklist.title")}
        </Link>
      </p>
      {params.get("dismissed") && (
        <p className="alert alert-success" role="status">
          {t("sanction.proposalDismissed")}
        </p>
      )}
      <ActionAlert except={proposals.map((p) => p.id)} />
      <section className="section" aria-labelledby="proposals">
        <h2 id="proposals">{t("sanction.proposals")}</h2>
        {proposals.length === 0 ? (
          <p className="empty-state">{t("sanction.proposalsEmpty")}</p>
        ) : (
          <ul className="queue" data-testid="proposals">
            {proposals.map((p) => {
              const rec = p.records as { count?: number; months?: number; projectIds?: string[] };
              return (
                <li key={p.id} className="card">
                  <h3 className="h3">
                    <Link to={`/agencies/${p.agencyId}`}>{p.agencyName}</Link>
                  </h3>
                  <p>
                    {t("sanction.proposal.abandonedAwards", {
                      count: rec.projectIds?.length ?? 0,
                      months: rec.months ?? 12,
                      version: p.ruleVersion,
                    })}
                  </p>
                  <p className="cta-row">
                    <Link
                      to={`/regulator/sanctions/new?agency=${p.agencyId}&proposal=${p.id}&type=${p.proposedType}`}
                      className="button button-primary"
                    >
                      {t("sanction.proposal.issue")}
                    </Link>
                  </p>
                  <ValidatedForm schema={DismissProposalSchema} scope={p.id} className="inline-form">
                    <input type="hidden" name="id" value={p.id} />
                    <Field
                      name="reason"
                      label={t("sanction.proposal.dismissReason")}
                      required
                      placeholder={t("sanction.proposal.dismissReason")}
                      inline
                      labelHidden
                    />
                    <SubmitButton className="button">{t("sanction.proposal.dismiss")}</SubmitButton>
                  </ValidatedForm>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section className="section" aria-labelledby="issued">
        <h2 id="issued">{t("sanction.issued")}</h2>
        {issued.length === 0 ? (
          <p className="empty-state">{t("sanction.issuedEmpty")}</p>
        ) : (
          <TableWrap label={t("sanction.issued")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("blacklist.col.subject")}</th>
                  <th scope="col">{t("blacklist.col.type")}</th>
                  <th scope="col">{t("sanction.decisionRef")}</th>
                  <th scope="col">{t("blacklist.col.period")}</th>
                  <th scope="col">{t("blacklist.col.state")}</th>
                </tr>
              </thead>
              <tbody>
                {issued.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <Link to={`/sanctions/${s.id}`}>{s.subjectName}</Link>
                    </th>
                    <td>
                      <SanctionBadge type={s.type} />
                    </td>
                    <td>{s.decisionRef}</td>
                    <td>
                      <PeriodText startsAt={s.startsAt} endsAt={s.endsAt} />
                    </td>
                    <td>
                      <SanctionStateBadge state={s.state} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </>
  );
}
