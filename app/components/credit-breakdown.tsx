import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { TableWrap } from "~/components/table-wrap";
import { GradeBadge } from "~/components/trust";
import { useT } from "~/lib/i18n-react";
import type { CreditBreakdown, CreditItem } from "~/modules/trust/credit.rules";

const pts = (n: number) => n.toFixed(2);

/**
 * Every point of a credit score, traceable: the three weighted parts with their inputs, each deduction
 * and reward with its source and period (expired ones too, marked as repaired), and the total.
 */
export function CreditBreakdownView({
  b,
  scoreCenti,
  grade,
  actions,
}: {
  b: CreditBreakdown;
  scoreCenti: number;
  grade: string;
  actions?: (item: CreditItem) => ReactNode;
}) {
  const t = useT();
  const parts = [
    { key: "reviews", p: b.parts.reviews, mean: t("credit.meanStars", { mean: b.parts.reviews.mean.toFixed(2) }) },
    { key: "department", p: b.parts.department, mean: t("credit.meanStars", { mean: b.parts.department.mean.toFixed(2) }) },
    {
      key: "delivery",
      p: b.parts.delivery,
      mean: t("credit.onTimeShare", {
        pct: (b.parts.delivery.mean * 100).toFixed(0),
        onTime: b.parts.delivery.onTime,
        count: b.parts.delivery.count,
      }),
    },
  ] as const;
  const itemRow = (i: CreditItem) => (
    <tr key={`${i.source}-${i.id}`} data-state={i.state}>
      <th scope="row">
        {t(`credit.kind.${i.kind}`)}
        {i.source === "sanction" ? (
          <span className="sub">
            <Link to={`/sanctions/${i.id}`}>{i.ref ?? t("credit.source.sanction")}</Link>
          </span>
        ) : i.projectId ? (
          <span className="sub">
            <Link to={`/projects/${i.projectId}`}>{t("credit.source.project")}</Link>
          </span>
        ) : null}
      </th>
      <td>{t.date(i.from)}</td>
      <td>{t.date(i.until)}</td>
      <td>
        <span className={`badge ${i.state === "active" ? "badge-warn" : "badge-muted"}`}>{t(`credit.state.${i.state}`)}</span>
      </td>
      <td className="num">{i.points ? pts(i.points) : "0"}</td>
      {actions && <td>{actions(i)}</td>}
    </tr>
  );
  return (
    <div className="credit" data-testid="credit-breakdown">
      <p className="credit-total">
        <GradeBadge grade={grade} scoreCenti={scoreCenti} />{" "}
        <span className="muted small">{t("credit.formulaVersion", { version: b.formulaVersion, date: t.dateTime(b.computedAt) })}</span>
      </p>
      <TableWrap label={t("credit.parts")}>
        <table className="table" data-testid="credit-parts">
          <caption className="visually-hidden">{t("credit.parts")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("credit.col.part")}</th>
              <th scope="col">{t("credit.col.weight")}</th>
              <th scope="col">{t("credit.col.inputs")}</th>
              <th scope="col">{t("credit.col.mean")}</th>
              <th scope="col">{t("credit.col.points")}</th>
            </tr>
          </thead>
          <tbody>
            {parts.map(({ key, p, mean }) => (
              <tr key={key} data-part={key}>
                <th scope="row">{t(`credit.part.${key}`)}</th>
                <td>{p.weight}</td>
                <td>{t("credit.inputs", { count: p.count, weighted: p.weightedCount.toFixed(2) })}</td>
                <td>{mean}</td>
                <td className="num">{pts(p.points)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t("credit.base")}</th>
              <td colSpan={3} />
              <td className="num">{pts(b.base)}</td>
            </tr>
          </tbody>
        </table>
      </TableWrap>
      <h3 className="h3">{t("credit.deductions")}</h3>
      {b.deductions.length === 0 ? (
        <p className="muted">{t("credit.noDeductions")}</p>
      ) : (
        <TableWrap label={t("credit.deductions")}>
          <table className="table" data-testid="credit-deductions">
            <thead>
              <tr>
                <th scope="col">{t("credit.col.event")}</th>
                <th scope="col">{t("credit.col.from")}</th>
                <th scope="col">{t("credit.col.until")}</th>
                <th scope="col">{t("credit.col.state")}</th>
                <th scope="col">{t("credit.col.minus")}</th>
                {actions && <th scope="col">{t("credit.col.actions")}</th>}
              </tr>
            </thead>
            <tbody>{b.deductions.map(itemRow)}</tbody>
          </table>
        </TableWrap>
      )}
      {b.rewards.length > 0 && (
        <>
          <h3 className="h3">{t("credit.rewards")}</h3>
          <TableWrap label={t("credit.rewards")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("credit.col.event")}</th>
                  <th scope="col">{t("credit.col.from")}</th>
                  <th scope="col">{t("credit.col.until")}</th>
                  <th scope="col">{t("credit.col.state")}</th>
                  <th scope="col">{t("credit.col.plus")}</th>
                  {actions && <th scope="col">{t("credit.col.actions")}</th>}
                </tr>
              </thead>
              <tbody>{b.rewards.map(itemRow)}</tbody>
            </table>
          </TableWrap>
          {b.rewardCapped && <p className="small muted">{t("credit.rewardCapped")}</p>}
        </>
      )}
      <p className="credit-sum" data-testid="credit-sum">
        {t("credit.sum", { base: pts(b.base), minus: pts(b.deductionTotal), plus: pts(b.rewardTotal), score: pts(b.score) })}
      </p>
    </div>
  );
}
