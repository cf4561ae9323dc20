import { Link } from "@remix-run/react";
import { FeeText } from "~/components/fee";
import { CheckboxField, Field, FieldError, RadioGroup, SubmitButton, useFieldState, ValidatedForm } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { CompleteSelectionSchema } from "~/modules/procurement/projects.schema";
import { scoreShown } from "~/modules/procurement/ranking-display";
import type { ProjectView } from "./types";

/**
 * The scopes of the forms with fields this section shows the viewer: the owner completes a selection that
 * needs a person, with its outcome (a short list, a direct choice) or before one (the technical scores);
 * a credit-preferred selection waits for its draw.
 */
export function selectionForms(view: ProjectView): string[] {
  const p = view.project;
  return view.isOwner && p.status === "selecting" && (view.selection?.outcome || p.selectionMethod !== "creditPreferred")
    ? ["complete"]
    : [];
}

/** The agencies a direct selection was shown, to choose one of (inside the form: what was chosen comes back). */
function DirectPick({ shortlist }: { shortlist: ProjectView["directShortlist"] }) {
  const t = useT();
  const { value } = useFieldState("agencyId");
  return (
    <fieldset className="field" data-testid="shortlist">
      <legend>{t("selection.pickDirect")}</legend>
      {shortlist.length === 0 && <p className="muted">{t("selection.shortlistEmpty")}</p>}
      {shortlist.map((a) => (
        <label key={a.agencyId} className="radio">
          <input type="radio" name="agencyId" value={a.agencyId} required defaultChecked={value === a.agencyId} /> {a.name}
          {a.feeMode && (
            <span className="muted small">
              {" "}
              ·{" "}
              <FeeText
                fee={{ feeMode: a.feeMode, feeMinFen: a.feeMinFen, feeMaxFen: a.feeMaxFen, feeRateBp: a.feeRateBp, feeBasis: a.feeBasis }}
              />{" "}
              · {t("fee.days", { days: a.committedDays ?? 0 })}
            </span>
          )}
        </label>
      ))}
      <FieldError name="agencyId" />
    </fieldset>
  );
}

/**
 * The selection: its outcome (method, draw secret and seed, ranking, the way to verify it) and, while the
 * project is selecting, the owner's form to complete it.
 */
export function SelectionSection({ view }: { view: ProjectView }) {
  const t = useT();
  const p = view.project;
  const completes = selectionForms(view).includes("complete");
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
                <dd>
                  {t("selection.shortlistCount", { count: view.directShortlist.length })}
                  {outcome.direct?.reason ? ` · ${outcome.direct.reason}` : ""}
                </dd>
              </>
            )}
            {view.selection?.secret && (
              <>
                <dt>{t("selection.secret")}</dt>
                <dd>
                  <code className="hash" data-testid="secret">
                    {view.selection.secret}
                  </code>
                </dd>
                <dt>{t("selection.seed")}</dt>
                <dd>
                  <code className="hash" data-testid="seed">
                    {view.selection.seed}
                  </code>
                </dd>
              </>
            )}
            {outcome.average && (
              <>
                <dt>{t("selection.average")}</dt>
                <dd>
                  {t("selection.averageText", {
                    mean: t.money(outcome.average.meanFen),
                    factor: `${outcome.average.factorBp / 100}%`,
                    target: t.money(outcome.average.targetFen),
                  })}
                </dd>
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
              <Link to={`/projects/${p.id}/verify`}>{t("selection.verifyLink")}</Link> ·{" "}
              <a href={`/projects/${p.id}/draw.json`}>{t("selection.inputsJson")}</a>
            </p>
          )}
          {completes && (
            <ValidatedForm schema={CompleteSelectionSchema} intent="complete" scope="complete">
              <h3>{t("selection.complete")}</h3>
              {outcome.shortList && (
                <RadioGroup
                  name="bidId"
                  legend={t("selection.pickShortList")}
                  options={outcome.shortList.shortListBidIds.map((id) => ({ value: id, label: bidName(id) }))}
                />
              )}
              {p.selectionMethod === "direct" && (
                <>
                  <DirectPick shortlist={view.directShortlist} />
                  <Field name="price" label={t("selection.directPrice")} inputMode="decimal" required />
                </>
              )}
              {p.selectionMethod !== "scored" && <Field name="reason" label={t("selection.reason")} maxLength={500} />}
              <SubmitButton>{t("selection.submit")}</SubmitButton>
            </ValidatedForm>
          )}
        </section>
      )}
      {!outcome && completes && (
        <section className="section">
          <h2>{t("project.selection")}</h2>
          <ValidatedForm schema={CompleteSelectionSchema} intent="complete" scope="complete">
            {p.selectionMethod === "scored" &&
              view.openedBids
                .filter((b) => b.status === "submitted")
                .map((b) => (
                  <Field
                    key={b.id}
                    name={`tech_${b.id}`}
                    label={t("selection.technicalFor", { agency: b.agencyName })}
                    inputMode="decimal"
                    required
                  />
                ))}
            {p.selectionMethod === "scored" && <CheckboxField name="declaredNoConflict" label={t("selection.declaration")} />}
            <SubmitButton>{t("selection.submit")}</SubmitButton>
          </ValidatedForm>
        </section>
      )}
    </>
  );
}
