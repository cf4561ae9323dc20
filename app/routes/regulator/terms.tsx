import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { TermRuleSetFormSchema } from "~/modules/procurement/terms.schema";
import { listTermsRuleSets, publishTermsRuleSet, termsRuleSetInForce } from "~/modules/procurement/terms.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { forbidden, requireViewer } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("terms.title");

/** Regulators read the rules notices are held to; the platform authority (a site administrator) publishes. */
function requireTermsReader(context: LoaderFunctionArgs["context"], request: Request) {
  const viewer = requireViewer(context, request);
  if (!viewer.isSiteAdmin && viewer.org?.kind !== "regulator") forbidden();
  return viewer;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireTermsReader(context, request);
  const [set, versions] = await Promise.all([termsRuleSetInForce(context.db), listTermsRuleSets(context.db)]);
  const { version, negations, rules } = set;
  return { version, negations, rules, versions, isAuthority: viewer.isSiteAdmin, json: JSON.stringify({ negations, rules }, null, 2) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireTermsReader(context, request);
  // Only the platform authority publishes (the module checks again).
  if (!viewer.isSiteAdmin) forbidden();
  const form = await readForm(request);
  const parsed = parseForm(TermRuleSetFormSchema, form);
  if (!parsed.ok) return invalid(parsed, { scope: "terms" });
  try {
    const { version } = await publishTermsRuleSet(context.db, viewer, parsed.data);
    return redirect(`/regulator/terms?published=${version}`);
  } catch (e) {
    return domainErrorResponse(e, Object.fromEntries([...form].filter(([, v]) => typeof v === "string")), "terms");
  }
}

export default function TermsRules() {
  const { version, negations, rules, versions, isAuthority, json } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <h1>{t("terms.title")}</h1>
      <p className="lead">{t("terms.lead")}</p>
      {params.get("published") && (
        <p className="alert alert-success" role="status">
          {t("terms.saved", { version: params.get("published")! })}
        </p>
      )}
      <section className="section" aria-labelledby="terms-rules">
        <h2 id="terms-rules">
          {t("terms.rules")} · {t("terms.inForce", { version })}
        </h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("terms.id")}</th>
                <th>{t("terms.category")}</th>
                <th>{t("terms.patterns")}</th>
                <th>{t("terms.problems.basis")}</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id}>
                  <td>
                    <code>{r.id}</code>
                    <br />
                    {t(r.messageKey)}
                  </td>
                  <td>{t(`terms.category.${r.category}`)}</td>
                  <td>
                    {r.matcher && <p>{t(`terms.matcher.${r.matcher}`)}</p>}
                    {r.patterns.map((p) => (
                      <code key={p} className="block">
                        {p}
                      </code>
                    ))}
                    {r.unless?.length ? (
                      <p className="muted">
                        {t("terms.unless")}: <code>{r.unless.join(" | ")}</code>
                      </p>
                    ) : null}
                  </td>
                  <td>
                    <ul className="plain-list">
                      {r.basis.map((b) => (
                        <li key={b.key}>
                          <strong>{b.key}</strong>：{b.text}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="hint">
          {t("terms.negations")}: {negations.join("、")}
        </p>
      </section>

      <section className="section" aria-labelledby="terms-versions">
        <h2 id="terms-versions">{t("terms.versions")}</h2>
        <table>
          <thead>
            <tr>
              <th>{t("terms.version")}</th>
              <th>{t("terms.publishedAt")}</th>
              <th>{t("terms.publishedBy")}</th>
              <th>{t("terms.note")}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{t.dateTime(v.createdAt)}</td>
                <td>{v.createdByName ?? "—"}</td>
                <td>{v.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="section" aria-labelledby="terms-publish">
        <h2 id="terms-publish">{t("terms.publish.title")}</h2>
        {!isAuthority && <p className="alert alert-error">{t("terms.publish.adminOnly")}</p>}
        <ValidatedForm schema={TermRuleSetFormSchema} scope="terms" className="form card">
          <TextAreaField
            name="rules"
            label={t("terms.publish.json")}
            hint={t("terms.publish.hint")}
            defaultValue={json}
            rows={20}
            spellCheck={false}
          />
          <Field name="note" label={t("terms.note")} required maxLength={1000} />
          <SubmitButton disabled={!isAuthority}>{t("terms.publish.submit")}</SubmitButton>
        </ValidatedForm>
      </section>
    </>
  );
}
