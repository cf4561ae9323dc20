import { Fragment } from "react";
import { Link } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";
import type { TermChange } from "~/modules/procurement/amendments.rules";

type Value = string | number | boolean | null;

export interface ProcedureNoticesData {
  names: { regions: Record<string, string>; items: Record<string, { zh: string; en: string }> };
  amendments: {
    id: string;
    revision: number;
    changes: TermChange[];
    previous: Record<string, Value>;
    deadlineBefore: Date | string | null;
    deadlineAfter: Date | string;
    amendedAt: Date | string;
  }[];
  cancellation: { ground: string; explanation: string; stage: string; cancelledAt: Date | string } | null;
  predecessor: { id: string; title: string; status: string } | null;
  successors: { id: string; title: string; status: string }[];
}

/** A term's value as people read it: money in yuan, times in Beijing time, methods and flags by name. */
function useShow(names: ProcedureNoticesData["names"]) {
  const t = useT();
  return (field: string, v: Value): string => {
    if (v === null || v === "") return "—";
    if (field === "regionCode") return names.regions[String(v)] ?? String(v);
    if (field === "serviceItemId") {
      const item = names.items[String(v)];
      return item ? (t.locale === "en" ? item.en : item.zh) : String(v);
    }
    if (field === "priceCeilingFen" || field === "priceFloorFen") return t.money(Number(v));
    if (field === "bidDeadline") return t.dateTime(String(v));
    if (field === "selectionMethod") return t(`method.${String(v)}`);
    if (field === "governmentFunded") return t(v ? "project.funding.government" : "project.funding.owner");
    return String(v);
  };
}

/**
 * The notices that followed the procurement notice: each amendment (更正公告) with what it changed and the
 * version it replaced, the cancellation notice with its ground, and the projects published before or after.
 */
export function ProcedureNotices({ notices }: { notices: ProcedureNoticesData }) {
  const t = useT();
  const show = useShow(notices.names);
  const { amendments, cancellation, predecessor, successors } = notices;
  if (!amendments.length && !cancellation && !predecessor && !successors.length) return null;
  return (
    <>
      {cancellation && (
        <section className="section" aria-labelledby="cancellation">
          <h2 id="cancellation">{t("notices.cancellation")}</h2>
          <p className="alert alert-error" role="status">
            {t("notices.cancellation.body", {
              time: t.dateTime(cancellation.cancelledAt),
              ground: t(`cancel.ground.${cancellation.ground}`),
            })}
            {cancellation.stage === "awarded" && <> {t("notices.cancellation.afterAward")}</>}
          </p>
          <p>{t("notices.cancellation.explanation", { text: cancellation.explanation })}</p>
        </section>
      )}
      {(predecessor || successors.length > 0) && (
        <section className="section">
          {predecessor && (
            <p>
              {t("notices.predecessor", { state: t(`project.state.${predecessor.status}`) })}{" "}
              <Link to={`/projects/${predecessor.id}`}>{predecessor.title}</Link>
            </p>
          )}
          {successors.length > 0 && (
            <p>
              {t("notices.successor")}{" "}
              {successors.map((s) => (
                <Link key={s.id} to={`/projects/${s.id}`}>
                  {s.title}
                </Link>
              ))}
            </p>
          )}
        </section>
      )}
      {amendments.length > 0 && (
        <section className="section" aria-labelledby="amendments">
          <h2 id="amendments">{t("notices.amendments")}</h2>
          {amendments.map((a) => (
            <article key={a.id} className="amendment" data-testid="amendment">
              <h3>{t("notices.amendment.title", { revision: a.revision, time: t.dateTime(a.amendedAt) })}</h3>
              <table className="table">
                <thead>
                  <tr>
                    <th>{t("notices.amendment.field")}</th>
                    <th>{t("notices.amendment.before")}</th>
                    <th>{t("notices.amendment.after")}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.changes.map((c) => (
                    <tr key={c.field}>
                      <td>{t(`field.${c.field}`)}</td>
                      <td>{show(c.field, c.before)}</td>
                      <td>{show(c.field, c.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="hint">{t("notices.amendment.voided")}</p>
              <details>
                <summary>{t("notices.amendment.previous")}</summary>
                <dl className="facts">
                  {Object.entries(a.previous).map(([field, v]) => (
                    <Fragment key={field}>
                      <dt>{t(`field.${field}`)}</dt>
                      <dd>{show(field, v)}</dd>
                    </Fragment>
                  ))}
                </dl>
              </details>
            </article>
          ))}
        </section>
      )}
    </>
  );
}
