import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CreditBreakdownView } from "~/components/credit-breakdown";
import { translate } from "~/i18n";
import { useT } from "~/lib/i18n-react";
import { getCreditReport } from "~/modules/trust/credit.server";
import { getAgencyName } from "~/modules/trust/trust-views.server";
import type { RootData } from "~/lib/root-data";
import { notFound } from "~/web/guards.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as RootData | undefined)?.locale ?? "zh-CN";
  return [
    {
      title: `${data?.name ?? translate(locale, "errors.notFound")} · ${translate(locale, "credit.title")} · ${translate(locale, "app.name")}`,
    },
  ];
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const [name, report] = await Promise.all([getAgencyName(context.db, id), getCreditReport(context.db, id)]);
  if (!name || !report) notFound();
  return { id, name, report };
}

export default function AgencyCredit() {
  const { id, name, report } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article>
      <p className="muted small">
        <Link to={`/agencies/${id}`}>{name}</Link>
      </p>
      <h1>{t("credit.title")}</h1>
      <p className="lead">
        {t("credit.lead")} <Link to="/credit">{t("credit.howLink")}</Link>
      </p>
      <CreditBreakdownView b={report.breakdown} scoreCenti={report.scoreCenti} grade={report.grade} />
    </article>
  );
}
