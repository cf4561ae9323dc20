import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { listServiceItems } from "~/modules/catalogue/catalogue.server";

export const meta = titleMeta("services.title");

export async function loader({ context }: LoaderFunctionArgs) {
  return { items: await listServiceItems(context.db) };
}

export default function Services() {
  const { items } = useLoaderData<typeof loader>();
  const t = useT();
  const en = t.locale === "en";
  return (
    <>
      <h1>{t("services.title")}</h1>
      <p className="lead">{t("services.lead")}</p>
      <p className="muted">{t("services.count", { count: items.length })}</p>
      <TableWrap label={t("services.title")}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("services.col.name")}</th>
              <th scope="col">{t("services.col.approval")}</th>
              <th scope="col">{t("services.col.legalBasis")}</th>
              <th scope="col">{t("services.col.days")}</th>
              <th scope="col">{t("services.col.fee")}</th>
              <th scope="col">{t("services.col.qualification")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} id={`item-${s.code}`}>
                <th scope="row">
                  <span lang="zh-CN">{s.nameZh}</span>
                  {en && <span className="sub">{s.nameEn}</span>}
                  <span className="badge badge-muted">{t(`services.category.${s.category}`)}</span>
                </th>
                <td lang="zh-CN">{s.approvalZh}</td>
                <td lang="zh-CN">{s.legalBasisZh}</td>
                <td>{s.statutoryDays ? t("services.days", { days: s.statutoryDays }) : t("services.noLimit")}</td>
                <td lang={en ? "en" : "zh-CN"}>{en ? s.feeBasisEn : s.feeBasisZh}</td>
                <td lang={en ? "en" : "zh-CN"}>
                  {(en ? s.requiredQualificationEn : s.requiredQualificationZh) ?? t("services.noQualification")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
