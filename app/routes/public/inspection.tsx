import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ActionAlert, Field, IntentButton, SelectField, SubmitButton, ValidatedForm } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { drawInspectionTargets, getInspection, recordInspectionResult } from "~/modules/oversight/inspections.server";
import { InspectionResultSchema } from "~/modules/oversight/oversight.schema";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind, notFound } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("inspection.public");

export async function loader({ params, context }: LoaderFunctionArgs) {
  const r = await getInspection(context.db, context.viewer, params.id ?? "");
  if (!r) notFound();
  return r;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const id = params.id ?? "";
  const form = await readForm(request);
  // A result's refusal goes to the row of the target it was about.
  const target = form.get("agencyId");
  const scope = typeof target === "string" ? target : undefined;
  try {
    if (form.get("intent") === "draw") {
      await drawInspectionTargets(context.db, viewer, id);
      return redirect(`/inspections/${id}`);
    }
    const parsed = parseForm(InspectionResultSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await recordInspectionResult(context.db, viewer, id, parsed.data);
    return redirect(`/inspections/${id}`);
  } catch (e) {
    return domainErrorResponse(e, {}, scope);
  }
}

export default function InspectionPage() {
  const { inspection: i, targets, isOffice } = useLoaderData<typeof loader>();
  const t = useT();
  const filter = i.populationFilter as { itemId: number | null; regionCode: string; activeSinceDays: number | null };
  const recording = isOffice && i.status === "drawn";
  return (
    <article>
      <p className="muted small">
        <Link to="/stats">{t("stats.title")}</Link> · <span className="badge badge-muted">{t(`inspection.status.${i.status}`)}</span>
      </p>
      <h1>{i.title}</h1>
      <ActionAlert except={recording ? targets.filter((x) => !x.result).map((x) => x.agencyId) : []} />
      <dl className="facts" data-testid="inspection">
        <dt>{t("case.office")}</dt>
        <dd>{i.officeName}</dd>
        <dt>{t("inspection.populationLabel")}</dt>
        <dd>
          {t("inspection.populationText", {
            n: i.populationSize,
            region: filter.regionCode,
            item: filter.itemId ?? "—",
            days: filter.activeSinceDays ?? "—",
          })}
        </dd>
        <dt>{t("inspection.sampleSize")}</dt>
        <dd>{t("inspection.sampleText", { k: i.sampleSize, m: i.inspectorsPerTarget, pool: i.poolSize })}</dd>
        <dt>{t("project.commitment")}</dt>
        <dd>
          <code className="hash" data-testid="inspection-commitment">
            {i.commitment}
          </code>
        </dd>
        {i.secret && (
          <>
            <dt>{t("inspection.secret")}</dt>
            <dd>
              <code className="hash">{i.secret}</code>
            </dd>
            <dt>{t("inspection.seed")}</dt>
            <dd>
              <code className="hash" data-testid="inspection-seed">
                {i.seed}
              </code>
            </dd>
          </>
        )}
      </dl>
      <p className="small muted">{t("inspection.howVerify")}</p>
      {isOffice && i.status === "planned" && (
        <IntentButton intent="draw" className="button button-primary">
          {t("inspection.draw")}
        </IntentButton>
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
                  <th scope="row">
                    <Link to={`/agencies/${x.agencyId}`}>{x.agencyName}</Link>
                  </th>
                  <td>{x.inspectors.join("、")}</td>
                  <td>
                    {x.result ? (
                      <>
                        <span className={`badge ${x.result.outcome === "compliant" ? "badge-ok" : "badge-warn"}`}>
                          {t(`inspection.outcome.${x.result.outcome}`)}
                        </span>{" "}
                        {x.result.findings}
                      </>
                    ) : (
                      <span className="muted">{t("inspection.pending")}</span>
                    )}
                    {recording && !x.result && (
                      <ValidatedForm schema={InspectionResultSchema} scope={x.agencyId} className="inline-form">
                        <input type="hidden" name="agencyId" value={x.agencyId} />
                        <SelectField name="outcome" label={t("inspection.result")} required defaultValue="" inline labelHidden>
                          <option value="" disabled>
                            {t("review.pick")}
                          </option>
                          {(["compliant", "issues", "violation"] as const).map((o) => (
                            <option key={o} value={o}>
                              {t(`inspection.outcome.${o}`)}
                            </option>
                          ))}
                        </SelectField>
                        <Field
                          name="findings"
                          label={t("inspection.findings")}
                          required
                          placeholder={t("inspection.findings")}
                          inline
                          labelHidden
                        />
                        <SubmitButton className="button">{t("common.save")}</SubmitButton>
                      </ValidatedForm>
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
