import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TIME_ZONE, translate } from "~/i18n";
import { useT } from "~/lib/i18n-react";
import type { RootData } from "~/lib/root-data";
import { getOwnReceipt } from "~/modules/procurement/bid-documents.server";
import { notFound } from "~/web/guards.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as RootData | undefined)?.locale ?? "zh-CN";
  return [{ title: `${translate(locale, "receipt.title")} · ${translate(locale, "app.name")}` }];
};

/** A bid receipt (回执), printable, for the bidding agency's own members only: 404 for everyone else. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await getOwnReceipt(context.db, context.viewer, params.id ?? "");
  if (!found) notFound();
  return found;
}

/** The time of receipt in Beijing time, to the second (a receipt is about the moment). */
function beijingTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

export default function ReceiptPage() {
  const { receipt: r, projectTitle, agencyName } = useLoaderData<typeof loader>();
  const t = useT();
  const rows: [string, React.ReactNode][] = [
    [
      t("receipt.project"),
      <Link key="p" to={`/projects/${r.projectId}`}>
        {projectTitle}
      </Link>,
    ],
    [t("receipt.agency"), agencyName],
    [t("receipt.action"), t(`receipt.action.${r.action}`)],
    [
      t("receipt.receivedAt"),
      <time key="t" dateTime={r.receivedAt}>
        {beijingTime(r.receivedAt, t.locale)}
      </time>,
    ],
    [t("receipt.version"), String(r.version)],
    [
      t("receipt.commitment"),
      <code key="c" className="hash">
        {r.commitment}
      </code>,
    ],
    [
      t("receipt.bidHash"),
      <code key="b" className="hash">
        {r.bidHash}
      </code>,
    ],
    [
      t("receipt.documents"),
      r.documents.length === 0 ? (
        t("receipt.documents.none")
      ) : (
        <ul key="d" className="plain">
          {r.documents.map((d) => (
            <li key={`${d.sha256}-${d.name}`}>
              {t(`bid.documents.kind.${d.kind}`)} · {d.name} · <code className="hash">{d.sha256}</code>
            </li>
          ))}
        </ul>
      ),
    ],
    [t("receipt.id"), <code key="i">{r.id}</code>],
    [
      t("receipt.hash"),
      <code key="h" className="hash">
        {r.receiptHash}
      </code>,
    ],
  ];
  return (
    <article className="receipt" data-testid="receipt">
      <h1>{t("receipt.title")}</h1>
      <dl className="facts receipt-fields">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="small">{t("receipt.explain")}</p>
      <p className="no-print">
        <a href={`/agency/receipts/${r.id}/receipt.json`} download={`receipt-${r.id}.json`}>
          {t("receipt.json")}
        </a>
      </p>
    </article>
  );
}
