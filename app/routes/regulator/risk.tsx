import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ActionForm } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { FLAGS } from "~/modules/oversight/flags.rules";
import { listOfficeHits, projectTitles, refreshFlagHits, riskQueue } from "~/modules/oversight/flags.server";
import { requireOrgKind } from "~/web/guards.server";

export const meta = titleMeta("risk.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const flag = new URL(request.url).searchParams.get("flag") ?? "";
  const queue = await riskQueue(context.db, viewer);
  const detail = FLAGS.some((f) => f.code === flag) ? await listOfficeHits(context.db, viewer, { flag }) : null;
  const counts = Object.fromEntries(FLAGS.map((f) => [f.code, queue.counts[f.code] ?? 0]));
  const names = {
    ...Object.fromEntries(queue.rows.map((r) => [r.subjectId, r.name])),
    ...(detail
      ? await projectTitles(
          context.db,
          detail.flatMap((h) => h.projectIds.slice(0, 10)),
        )
      : {}),
  };
  return { rows: queue.rows, refreshedAt: queue.refreshedAt, counts, flag, detail, names };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireOrgKind(context, request, "regulator");
  await refreshFlagHits(context.db);
  return redirect("/regulator/risk?refreshed=1");
}

function subjectLink(type: string, id: string, name: string) {
  if (type === "project") return <Link to={`/projects/${id}`}>{name}</Link>;
  if (type === "agency") return <Link to={`/agencies/${id}`}>{name}</Link>;
  return <>{name}</>;
}

export default function Risk() {
  const { rows, refreshedAt, counts, flag, detail, names } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const caseLink = (type: string, id: string, flags: string[]) =>
    `/regulator/cases/new?origin=flag&flag=${flags[0]}&${type === "project" ? "project" : type === "agency" ? "agency" : "owner"}=${id}`;
  return (
    <>
      <h1>{t("risk.title")}</h1>
      <p className="lead">
        {t("risk.lead")} <Link to="/regulator/flags">{t("flags.title")}</Link>
      </p>
      {params.get("refreshed") && (
        <p className="alert alert-success" role="status">
          {t("risk.refreshed")}
        </p>
      )}
      <ActionForm className="inline-form">
        <span className="small muted">{refreshedAt ? t("risk.refreshedAt", { at: t.dateTime(refreshedAt) }) : t("risk.never")}</span>{" "}
        <button type="submit" className="button button-ghost">
          {t("risk.refresh")}
        </button>
      </ActionForm>
      <section className="section" aria-labelledby="queue-h">
        <h2 id="queue-h">{t("risk.queue")}</h2>
        {rows.length === 0 ? (
          <p className="empty-state">{t("risk.empty")}</p>
        ) : (
          <TableWrap label={t("risk.queue")}>
            <table className="table" data-testid="risk-queue">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t("risk.col.subject")}</th>
                  <th scope="col">{t("risk.col.flags")}</th>
                  <th scope="col">{t("risk.col.hits")}</th>
                  <th scope="col">{t("risk.col.value")}</th>
                  <th scope="col">{t("risk.col.action")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={`${r.subjectType}:${r.subjectId}`}>
                    <td>{i + 1}</td>
                    <th scope="row">
                      {subjectLink(r.subjectType, r.subjectId, r.name)}
                      <span className="sub">{t(`risk.subject.${r.subjectType}`)}</span>
                    </th>
                    <td>
                      {r.flags.map((f) => (
                        <Link key={f} to={`/regulator/risk?flag=${f}`} className="badge badge-warn" title={t(`flag.${f}.formula`)}>
                          {t(`flag.${f}.name`)}
                        </Link>
                      ))}
                    </td>
                    <td>{r.hits}</td>
                    <td>{t.money(r.valueFen)}</td>
                    <td>
                      <Link to={caseLink(r.subjectType, r.subjectId, r.flags)}>{t("risk.openCase")}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <section className="section" aria-labelledby="flags-h">
        <h2 id="flags-h">{t("risk.byFlag")}</h2>
        <ul className="plain-list">
          {FLAGS.map((f) => (
            <li key={f.code}>
              <Link to={`/regulator/risk?flag=${f.code}`} aria-current={flag === f.code ? "page" : undefined}>
                {t(`flag.${f.code}.name`)}
              </Link>{" "}
              <span className="muted small">({f.code})</span> · {t("risk.hitsCount", { n: counts[f.code] ?? 0 })}
            </li>
          ))}
        </ul>
      </section>
      {detail && (
        <section className="section" aria-labelledby="detail-h">
          <h2 id="detail-h">{t(`flag.${flag}.name`)}</h2>
          <p className="small">{t(`flag.${flag}.formula`)}</p>
          {detail.length === 0 ? (
            <p className="empty-state">{t("risk.noHits")}</p>
          ) : (
            <ul className="queue" data-testid="flag-hits">
              {detail.map((h) => (
                <li key={h.id} className="card">
                  <p>
                    {t(
                      `flag.${flag}.hit`,
                      Object.fromEntries(
                        Object.entries(h.facts as Record<string, string | number>).map(([k, v]) => [
                          k,
                          k.endsWith("Fen")
                            ? t.money(Number(v))
                            : k === "shared"
                              ? String(v)
                                  .split(",")
                                  .map((x) => t(`flag.shared.${x}`))
                                  .join("、")
                              : v,
                        ]),
                      ),
                    )}
                  </p>
                  <p className="small">
                    {h.projectIds.slice(0, 10).map((p, i) => (
                      <span key={p}>
                        {i > 0 && " · "}
                        <Link to={`/projects/${p}`}>{names[p] ?? t("risk.project", { n: i + 1 })}</Link>
                      </span>
                    ))}
                    {h.projectIds.length > 10 && ` … (${h.projectIds.length})`}
                  </p>
                  <p className="small">
                    <Link
                      to={caseLink(
                        h.subjectType === "market" ? "project" : h.subjectType,
                        h.subjectType === "market" ? h.projectIds[0]! : h.subjectId,
                        [h.flag],
                      )}
                    >
                      {t("risk.openCase")}
                    </Link>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
