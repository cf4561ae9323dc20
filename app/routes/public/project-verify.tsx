import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { getDrawInputs } from "~/modules/procurement/selection.server";
import { checkDraw } from "~/modules/procurement/verify";
import { notFound } from "~/web/guards.server";

export const meta = titleMeta("verify.title");

export async function loader({ params, context }: LoaderFunctionArgs) {
  const inputs = await getDrawInputs(context.db, params.id ?? "");
  if (!inputs) notFound();
  return { inputs, check: checkDraw(inputs) };
}

export default function VerifyDraw() {
  const { inputs, check } = useLoaderData<typeof loader>();
  const t = useT();
  const row = (ok: boolean, label: string) => (
    <li className={ok ? "check-ok" : "check-bad"}>
      <span aria-hidden="true">{ok ? "✔" : "✘"}</span> {label}
    </li>
  );
  return (
    <>
      <h1>{t("verify.title")}</h1>
      <p className="lead">{t("verify.lead")}</p>
      <ul className="plain-list checks" data-testid="checks">
        {row(check.commitmentMatches, t("verify.commitment"))}
        {row(check.seedMatches, t("verify.seed"))}
        {row(check.outcomeMatches, t("verify.outcome"))}
      </ul>
      <h2>{t("verify.algorithm")}</h2>
      <ol className="algorithm">
        <li>{t("verify.step1")}</li>
        <li>{t("verify.step2")}</li>
        <li>{t("verify.step3")}</li>
        <li>{t("verify.step4")}</li>
      </ol>
      <p>
        <code>
          npm run verify:draw -- {inputs.projectId} --url {"<"}site{">"}
        </code>
      </p>
      <p>
        <a href={`/projects/${inputs.projectId}/draw.json`}>{t("selection.inputsJson")}</a> ·{" "}
        <Link to={`/projects/${inputs.projectId}`}>{t("verify.back")}</Link>
      </p>
    </>
  );
}
