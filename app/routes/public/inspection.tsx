import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { drawInspectionTargets, getInspection, recordInspectionResult } from "~/modules/oversight/inspections.server";
import { InspectionResultSchema } from "~/modules/oversight/oversight.schema";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("inspection.public");

export async function loader({ params, context }: LoaderFunctionArgs) {
  const r = await getInspection(context.db, context.viewer, params.id ?? "");
  if (!r) throw new Response("Not Found", { status: 404 });
  return r;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const id = params.id ?? "";
  const form = await readForm(request);
  try {
    if (form.get("intent") === "draw") {
      await drawInspectionTargets(context.db, viewer, id);
      return redirect(`/inspections/${id}`);
    }
    const parsed = parseForm(InspectionResultSchema, form);
    if (!parsed.ok) return invalid(parsed);
    await recordInspectionResult(context.db, viewer, id, parsed.data);
    return redirect(`/inspections/${id}`);
  } catch (e) {
    return domainErrorResponse(e);
  }
}

export default function InspectionPage() {
  const { inspection: i, targets, isOffice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = (actionData && "fieldErrors" in actionData ? actionData.fieldErrors : {}) as FieldErrors;
  const t = useT();
  const filter = i.populationFilter as { itemId: number | null; regionCode: string; activeSinceDays: number | null };
  return (
    <article>
      <p className="muted small"><Link to="/stats">{t("stats.title")}</Link> · <span className="badge badge-muted">{t(`inspection.status.${i.status}`)}</span></p>
      <h1>{i.title}</h1>
      {errors._form && <p className="alert alert-error" role="alert">{t(errors._form[0]!)}</p>}
      <dl className="facts" data-testid="inspection">
        <dt>{t("case.office")}</dt>
        <dd>{i.officeName}</dd>
        <dt>{t("inspection.populationLabel")}</dt>
        <dd>{t("inspection.populationText", { n: i.populationSize, region: filter.regionCode, item: filter.itemId ?? "—", days: filter.activeSinceDays ?? "—" })}</dd>
        <dt>{t("inspection.sampleSize")}</dt>
        <dd>{t("inspection.sampleText", { k: i.sampleSize, m: i.inspectorsPerTarget, pool: i.poolSize })}</dd>
        <dt>{t("project.commitment")}</dt>
        <dd><code className="hash" data-testid="inspection-commitment">{i.commitment}</code></dd>
        {i.secret && (<><dt>{t("inspection.secret")}</dt><dd><code className="hash">{i.secret}</code></dd><dt>{t("inspection.seed")}</dt><dd><code className="hash" data-testid="inspection-seed">{i.seed}</code></dd></>)}
      </dl>
      <p className="small muted">{t("inspection.howVerify")}</p>
      {isOffice && i.status === "planned" && (
        <Form method="post"><input type="hidden" name="intent" value="draw" /><button type="submit" className="button button-primary">{t("inspection.draw")}</button></Form>
      )}
      {targets.length > 0 && (
        <TableWrap label={t("inspection.targets")}>
          <table className="table" data-testid="inspection-targets">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t("inspection.target")}</th>
                <th scope="col">{t("inspection.inspectors")}</th>
                <th scope="col">{t("inspection.result")}</th>
              </tr>
            </thead>
            <tbody>
              {targets.map((x, n) => (
                <tr key={x.agencyId}>
                  <td>{n + 1}</td>
                  <th scope="row"><Link to={`/agencies/${x.agencyId}`}>{x.agencyName}</Link></th>
                  <td>{x.inspectors.join("、")}</td>
                  <td>
                    {x.result ? <><span className={`badge ${x.result.outcome === "compliant" ? "badge-ok" : "badge-warn"}`}>{t(`inspection.outcome.${x.result.outcome}`)}</span> {x.result.findings}</> : <span className="muted">{t("inspection.pending")}</span>}
                    {isOffice && i.status === "drawn" && !x.result && (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="agencyId" value={x.agencyId} />
                        <label className="visually-hidden" htmlFor={`o-${x.agencyId}`}>{t("inspection.result")}</label>
                        <select id={`o-${x.agencyId}`} name="outcome" required defaultValue="">
                          <option value="" disabled>{t("review.pick")}</option>
                          {(["compliant", "issues", "violation"] as const).map((o) => <option key={o} value={o}>{t(`inspection.outcome.${o}`)}</option>)}
                        </select>
                        <label className="visually-hidden" htmlFor={`f-${x.agencyId}`}>{t("inspection.findings")}</label>
                        <input id={`f-${x.agencyId}`} name="findings" required minLength={2} placeholder={t("inspection.findings")} />
                        <button type="submit" className="button">{t("common.save")}</button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </article>
  );
}
