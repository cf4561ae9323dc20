import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { regulatorQueue } from "~/modules/agencies/qualifications.server";
import { regulatorObjections } from "~/modules/procurement/objections.server";
import { regulatorApplications } from "~/modules/trust/applications.server";
import { regulatorComplaints } from "~/modules/trust/complaints.server";
import { listProposals } from "~/modules/trust/sanctions.server";
import { requireOrgKind } from "~/web/guards.server";

export const meta = titleMeta("console.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const [quals, objections, complaints, applications, proposals] = await Promise.all([
    regulatorQueue(context.db, viewer, { status: "pending" }),
    regulatorObjections(context.db, viewer),
    regulatorComplaints(context.db, viewer),
    regulatorApplications(context.db, viewer),
    listProposals(context.db, viewer),
  ]);
  return {
    office: viewer.org.name,
    counts: {
      qualifications: quals.length,
      objections: objections.length,
      complaints: complaints.length,
      overdueComplaints: complaints.filter((c) => c.overdue).length,
      applications: applications.length,
      proposals: proposals.length,
    },
  };
}

export default function Console() {
  const { office, counts } = useLoaderData<typeof loader>();
  const t = useT();
  const tiles = [
    { to: "/regulator/qualifications", label: t("nav.qualificationQueue"), n: counts.qualifications },
    { to: "/regulator/objections", label: t("nav.objections"), n: counts.objections },
    {
      to: "/regulator/complaints",
      label: t("complaint.queue"),
      n: counts.complaints,
      warn: counts.overdueComplaints ? t("console.overdue", { n: counts.overdueComplaints }) : null,
    },
    { to: "/regulator/applications", label: t("application.queue"), n: counts.applications },
    { to: "/regulator/sanctions", label: t("sanction.register"), n: counts.proposals, note: t("console.proposals") },
  ];
  return (
    <>
      <h1>{t("console.title")}</h1>
      <p className="lead">{office}</p>
      <ul className="cards" data-testid="console">
        {tiles.map((x) => (
          <li key={x.to} className="card">
            <h2 className="h3">
              <Link to={x.to}>{x.label}</Link>
            </h2>
            <p className="stat">{x.n}</p>
            {x.note && <p className="small muted">{x.note}</p>}
            {x.warn && (
              <p>
                <span className="badge badge-warn">{x.warn}</span>
              </p>
            )}
          </li>
        ))}
      </ul>
      <section className="section">
        <h2 className="h3">{t("console.tools")}</h2>
        <ul className="plain-list">
          <li>
            <Link to="/regulator/dashboard">{t("dash.title")}</Link>
          </li>
          <li>
            <Link to="/regulator/risk">{t("risk.title")}</Link>
          </li>
          <li>
            <Link to="/regulator/cases">{t("case.office")}</Link>
          </li>
          <li>
            <Link to="/regulator/inspections">{t("inspection.office")}</Link>
          </li>
          <li>
            <Link to="/regulator/assessments">{t("assessment.title")}</Link>
          </li>
          <li>
            <Link to="/regulator/flags">{t("flags.title")}</Link>
          </li>
          <li>
            <Link to="/regulator/audit">{t("audit.title")}</Link>
          </li>
          <li>
            <Link to="/regulator/sanctions/new">{t("sanction.new")}</Link>
          </li>
          <li>
            <Link to="/regulator/sanctions/import">{t("sanction.import")}</Link>
          </li>
          <li>
            <Link to="/regulator/rules">{t("rules.title")}</Link>
          </li>
          <li>
            <Link to="/regulator/policy">{t("nav.policy")}</Link>
          </li>
          <li>
            <Link to="/regulator/shares">{t("share.title")}</Link>
          </li>
          <li>
            <Link to="/regulator/terms">{t("terms.title")}</Link>
          </li>
          <li>
            <Link to="/blacklist">{t("blacklist.title")}</Link>
          </li>
          <li>
            <Link to="/complaints">{t("complaints.title")}</Link>
          </li>
        </ul>
      </section>
    </>
  );
}
