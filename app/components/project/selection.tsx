import { Form, Link, useNavigation } from "@remix-run/react";
import { FeeText } from "~/components/fee";
import { TableWrap } from "~/components/table-wrap";
import type { FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { scoreShown } from "~/modules/procurement/ranking-display";
import { FieldMessage } from "./field-message";
import type { ProjectView } from "./types";

/**
 * The selection: its outcome (method, draw secret and seed, ranking, the way to verify it) and, while the
 * project is selecting, the owner's form to complete it.
 */
export function SelectionSection({ view, errors }: { view: ProjectView; errors: FieldErrors }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const p = view.project;
  const outcome = view.selection?.outcome;
  const scoreText = (score: number | undefined) => {
    const s = scoreShown(outcome?.method ?? "", score);
    if (!s) return "—";
    if (s.kind === "points") return t("selection.score.points", { points: t.number(s.points) });
    if (s.kind === "distance") return t("selection.score.distance", { amount: t.money(s.fen) });
    return t("selection.score.credit", { score: t.number(s.score) });
  };
  const bidName = (bidId: string) => view.openedBids.find((b) => b.id === bidId)?.agencyName ?? bidId.slice(0, 8);
  return (
    <>
      {outcome && (
        <section className="section" aria-labelledby="selection">
          <h2 id="selection">{t("project.selection")}</h2>
          <dl className="facts">
            <dt>{t("project.method")}</dt>
            <dd>{t(`method.${outcome.method}`)}</dd>
            {outcome.method !== "direct" && (
              <>
                <dt>{t("selection.validBids")}</dt>
                <dd>{outcome.validBids}</dd>
              </>
            )}
            {outcome.method === "direct" && (
              <>
                <dt>{t("selection.shortlist")}</dt>
                <dd>{t("selection.shortlistCount", { count: view.directShortlist.length })}{outcome.direct?.reason ? ` · ${outcome.direct.reason}` : ""}</dd>
              </>
            )}
            {view.selection?.secret && (
              <>
                <dt>{t("selection.secret")}</dt>
                <dd>
                  <code className="hash" data-testid="secret">{view.selection.secret}</code>
                </dd>
                <dt>{t("selection.seed")}</dt>
                <dd>
                  <code className="hash" data-testid="seed">{view.selection.seed}</code>
                </dd>
              </>
            )}
            {outcome.average && (
              <>
                <dt>{t("selection.average")}</dt>
                <dd>{t("selection.averageText", { mean: t.money(outcome.average.meanFen), factor: `${outcome.average.factorBp / 100}%`, target: t.money(outcome.average.targetFen) })}</dd>
              </>
            )}
          </dl>
          {(outcome.ranking?.length ?? 0) > 0 && (
            <TableWrap label={t("project.selection")}>
              <table className="table" data-testid="ranking">
                <thead>
                  <tr>
                    <th scope="col">{t("selection.rank")}</th>
                    <th scope="col">{t("project.bids.col.agency")}</th>
                    <th scope="col">{t("project.bids.col.price")}</th>
                    <th scope="col">{t("selection.score")}</th>
                  </tr>
                </thead>
                <tbody>
                  {outcome.ranking.map((r) => (
                    <tr key={r.bidId}>
                      <td>{r.rank}</td>
                      <td>{bidName(r.bidId)}</td>
                      <td>{t.money(r.priceFen)}</td>
                      <td>
                        {scoreText(r.score)}
                        {r.notes?.length ? <span className="sub">{r.notes.map((n) => t(`selection.note.${n}`)).join("、")}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {view.selection?.seed && (
            <p>
              <Link to={`/projects/${p.id}/verify`}>{t("selection.verifyLink")}</Link> · <a href={`/projects/${p.id}/draw.json`}>{t("selection.inputsJson")}</a>
            </p>
          )}
          {view.isOwner && p.status === "selecting" && (
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="complete" />
              <h3>{t("selection.complete")}</h3>
              {outcome.shortList && (
                <fieldset className="field">
                  <legend>{t("selection.pickShortList")}</legend>
                  {outcome.shortList.shortListBidIds.map((id) => (
                    <label key={id} className="radio">
                      <input type="radio" name="bidId" value={id} /> {bidName(id)}
                    </label>
                  ))}
                </fieldset>
              )}
              {p.selectionMethod === "direct" && (
                <>
                  <fieldset className="field" data-testid="shortlist">
                    <legend>{t("selection.pickDirect")}</legend>
                    {view.directShortlist.length === 0 && <p className="muted">{t("selection.shortlistEmpty")}</p>}
                    {view.directShortlist.map((a) => (
                      <label key={a.agencyId} className="radio">
                        <input type="radio" name="agencyId" value={a.agencyId} required /> {a.name}
                        {a.feeMode && (
                          <span className="muted small">
                            {" "}· <FeeText fee={{ feeMode: a.feeMode, feeMinFen: a.feeMinFen, feeMaxFen: a.feeMaxFen, feeRateBp: a.feeRateBp, feeBasis: a.feeBasis }} /> · {t("fee.days", { days: a.committedDays ?? 0 })}
                          </span>
                        )}
                      </label>
                    ))}
                  </fieldset>
                  <div className={`field${errors.price ? " field-invalid" : ""}`}>
                    <label htmlFor="direct-price">{t("selection.directPrice")}</label>
                    <input id="direct-price" name="price" inputMode="decimal" required />
                    <FieldMessage errors={errors} name="price" />
                  </div>
                </>
              )}
              {p.selectionMethod !== "scored" && (
                <div className="field">
                  <label htmlFor="pick-reason">{t("selection.reason")}</label>
                  <input id="pick-reason" name="reason" maxLength={500} />
                </div>
              )}
              <button type="submit" className="button button-primary" disabled={busy}>{t("selection.submit")}</button>
            </Form>
          )}
        </section>
      )}
      {!outcome && view.isOwner && p.status === "selecting" && p.selectionMethod !== "creditPreferred" && (
        <section className="section">
          <h2>{t("project.selection")}</h2>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="complete" />
            {p.selectionMethod === "scored" &&
              view.openedBids.filter((b) => b.status === "submitted").map((b) => (
                <div className="field" key={b.id}>
                  <label htmlFor={`tech-${b.id}`}>{t("selection.technicalFor", { agency: b.agencyName })}</label>
                  <input id={`tech-${b.id}`} name={`tech_${b.id}`} inputMode="decimal" required />
                </div>
              ))}
            {p.selectionMethod === "scored" && (
              <label className="checkbox">
                <input type="checkbox" name="declaredNoConflict" required /> {t("selection.declaration")}
              </label>
            )}

            <button type="submit" className="button button-primary" disabled={busy}>{t("selection.submit")}</button>
          </Form>
        </section>
      )}
    </>
  );
}
