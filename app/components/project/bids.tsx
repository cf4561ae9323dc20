import { Link } from "@remix-run/react";
import { Field, IntentButton, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { fenToYuanInput } from "~/lib/money";
import { BidSchema } from "~/modules/procurement/projects.schema";
import { EligibilityNotice } from "./eligibility";
import type { ProjectPageData, ProjectView } from "./types";

/** The scopes of the forms with fields this section shows the viewer: an agency bids while bidding is open. */
export function bidForms(view: ProjectView): string[] {
  return view.isAgency && view.project.status === "bidding" ? ["bid"] : [];
}

/** The bids: sealed until the opening, then the table; for an agency, its own bid and the form to make or change it. */
export function BidsSection({ view, eligibility }: { view: ProjectView; eligibility: ProjectPageData["trust"]["eligibility"] }) {
  const t = useT();
  const p = view.project;
  const submitted = view.ownBid?.status === "submitted" ? view.ownBid : null;
  return (
    <section className="section" aria-labelledby="bids">
      <h2 id="bids">{t("project.bids")}</h2>
      {view.openedBids.length === 0 && ["bidding", "published"].includes(p.status) ? (
        <p className="empty-state" data-testid="sealed">
          {t("bidding.sealed")}
        </p>
      ) : view.openedBids.length === 0 ? (
        <p className="empty-state">{t("project.bids.none")}</p>
      ) : (
        <TableWrap label={t("project.bids")}>
          <table className="table" data-testid="opened-bids">
            <thead>
              <tr>
                <th scope="col">{t("project.bids.col.agency")}</th>
                <th scope="col">{t("project.bids.col.price")}</th>
                <th scope="col">{t("project.bids.col.days")}</th>
                <th scope="col">{t("project.bids.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {view.openedBids.map((b) => (
                <tr key={b.id}>
                  <td>
                    <Link to={`/agencies/${b.agencyId}`}>{b.agencyName}</Link>
                  </td>
                  <td>
                    {t.money(b.priceFen)}
                    {view.abnormallyLow.includes(b.id) && (
                      <span className="badge badge-warn" title={t("bid.abnormallyLow.hint", { pct: view.abnormallyLowPct ?? 0 })}>
                        {t("bid.abnormallyLow")}
                      </span>
                    )}
                    {b.justification && (
                      <details className="small">
                        <summary>{t("project.bids.justifications")}</summary>
                        <p>{b.justification}</p>
                      </details>
                    )}
                  </td>
                  <td>{t("services.days", { days: b.committedDays })}</td>
                  <td>
                    {b.status === "invalid"
                      ? `${t("project.bids.invalid")}（${(b.statusReason ?? "")
                          .split(",")
                          .map((c) => t(`bid.invalidReason.${c}`))
                          .join("、")}）`
                      : t("project.bids.valid")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      {view.isAgency && (
        <div className="card section" aria-labelledby="yourbid">
          <h3 id="yourbid">{t("project.yourBid")}</h3>
          <EligibilityNotice e={eligibility} />
          {view.ownBid ? (
            <p>
              {t.money(view.ownBid.priceFen)} · {t("services.days", { days: view.ownBid.committedDays })} ·{" "}
              {t("project.yourBid.status", { status: t(`bid.status.${view.ownBid.status}`), version: view.ownBid.version })}
            </p>
          ) : (
            <p className="muted">{t("project.yourBid.none")}</p>
          )}
          {bidForms(view).includes("bid") && (
            <>
              <ValidatedForm schema={BidSchema} intent="bid" scope="bid">
                <Field
                  name="price"
                  label={t("bid.price")}
                  inputMode="decimal"
                  required
                  defaultValue={submitted ? fenToYuanInput(submitted.priceFen) : ""}
                />
                <Field
                  name="committedDays"
                  type="number"
                  label={t("bid.committedDays")}
                  required
                  defaultValue={String(submitted ? submitted.committedDays : (p.expectedDays ?? ""))}
                />
                <TextAreaField
                  name="proposal"
                  label={t("bid.proposal")}
                  rows={3}
                  required={false}
                  defaultValue={view.ownBid?.proposal ?? ""}
                />
                <TextAreaField
                  name="justification"
                  label={t("bid.justification")}
                  hint={t("bid.justification.hint", { pct: view.abnormallyLowCeilingPct ?? 0, min: view.minJustification })}
                  rows={3}
                  required={false}
                  defaultValue={view.ownBid?.justification ?? ""}
                />
                <SubmitButton>{t(submitted ? "bid.revise" : "bid.submit")}</SubmitButton>
              </ValidatedForm>
              {submitted && <IntentButton intent="withdraw">{t("bid.withdraw")}</IntentButton>}
            </>
          )}
        </div>
      )}
      {!view.isAgency && !view.isOwner && p.status === "bidding" && <p className="muted small">{t("bid.loginToBid")}</p>}
    </section>
  );
}
