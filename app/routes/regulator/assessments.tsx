import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ActionAlert, Field, SubmitButton, ValidatedForm } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { parseForm, sentText } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { beijingDate } from "~/lib/beijing-calendar";
import { previousQuarter, quarterOf } from "~/modules/oversight/assessments.rules";
import { assessmentCandidates, publishAssessment } from "~/modules/oversight/assessments.server";
import { AssessmentSchema } from "~/modules/oversight/oversight.schema";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("assessment.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const requested = new URL(request.url).searchParams.get("quarter") ?? "";
  const quarter = /^\d{4}-Q[1-4]$/.test(requested) ? requested : previousQuarter(quarterOf(beijingDate(new Date())));
  return { quarter, rows: await assessmentCandidates(context.db, viewer, quarter) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const parsed = parseForm(AssessmentSchema, await readForm(request));
  // The message goes next to the row the form was sent from.
  if (!parsed.ok) return invalid(parsed, { scope: sentText(parsed.values, "agencyId") });
  try {
    await publishAssessment(context.db, viewer, parsed.data);
    return redirect(`/regulator/assessments?quarter=${parsed.data.quarter}&published=1`);
  } catch (e) {
    // The refusal keeps its status (403 for an agency outside the office's region).
    return domainErrorResponse(e, {}, parsed.data.agencyId);
  }
}

export default function Assessments() {
  const { quarter, rows } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <h1>{t("assessment.title")}</h1>
      <p className="lead">{t("assessment.lead")}</p>
      <Form method="get" className="inline-form">
        <label htmlFor="q">{t("assessment.quarter")}</label>{" "}
        <input id="q" name="quarter" defaultValue={quarter} pattern="\d{4}-Q[1-4]" size={8} />{" "}
        <button type="submit" className="button">
          {t("agencies.filter.submit")}
        </button>
      </Form>
      {params.get("published") && (
        <p className="alert alert-success" role="status">
          {t("assessment.published")}
        </p>
      )}
      <ActionAlert except={rows.filter((r) => !r.published).map((r) => r.id)} />
      {rows.length === 0 ? (
        <p className="empty-state">{t("assessment.none")}</p>
      ) : (
        <TableWrap label={t("assessment.title")}>
          <table className="table" data-testid="assessments">
            <thead>
              <tr>
                <th scope="col">{t("assessment.col.agency")}</th>
                {(["efficiency", "fees", "quality", "integrity", "satisfaction"] as const).map((d) => (
                  <th key={d} scope="col">
                    {t(`assessment.dim.${d}`)}
                  </th>
                ))}
                <th scope="col">{t("assessment.col.total")}</th>
                <th scope="col">{t("assessment.col.publish")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const s = r.published ? null : r.preview;
                return (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`/agencies/${r.id}`}>{r.name}</Link>
                    </th>
                    {(["efficiency", "fees", "quality", "integrity", "satisfaction"] as const).map((d) => (
                      <td key={d}>{r.preview[d]}</td>
                    ))}
                    <td>
                      {r.published
                        ? `${r.published.total} · ${t(`assessment.grade.${r.published.grade}`)}`
                        : `${s!.total} · ${t(`assessment.grade.${s!.grade}`)}`}
                    </td>
                    <td>
                      {r.published ? (
                        <span className="badge badge-ok">{t("assessment.done")}</span>
                      ) : (
                        <ValidatedForm schema={AssessmentSchema} scope={r.id} className="inline-form">
                          <input type="hidden" name="agencyId" value={r.id} />
                          <input type="hidden" name="quarter" value={quarter} />
                          <Field
                            name="adjustment"
                            label={t("assessment.adjustment")}
                            inputMode="numeric"
                            size={3}
                            placeholder="±0"
                            inline
                            labelHidden
                          />
                          <Field
                            name="adjustmentReason"
                            label={t("assessment.reason")}
                            placeholder={t("assessment.reason")}
                            inline
                            labelHidden
                          />
                          <SubmitButton className="button">{t("assessment.publish")}</SubmitButton>
                        </ValidatedForm>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
