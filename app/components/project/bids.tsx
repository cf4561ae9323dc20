import { Form, Link, useNavigation } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { fenToYuanInput } from "~/lib/money";
import { FieldMessage } from "./field-message";
import { EligibilityNotice } from "./eligibility";
import type { FormAnswer, ProjectPageData, ProjectView } from "./types";

/** The bids: sealed until the opening, then the table; for an agency, its own bid and the form to make or change it. */
export function BidsSection({ view, eligibility, answer }: { view: ProjectView; eligibility: ProjectPageData["trust"]["eligibility"]; answer: FormAnswer }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const p = view.project;
  const { errors, params: formParams } = answer;
  return (
    <section className="section" aria-labelledby="bids">
      <h2 id="bids">{t("project.bids")}</h2>
      {view.openedBids.length === 0 && ["bidding", "published"].includes(p.status) ? (
        <p className="empty-state" data-testid="sealed">{t("project.bids.sealed", { count: view.liveBidCount })}</p>
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
                      <span className="badge badge-warn" title={t("bid.abnormallyLow.hint", { pct: view.abnormallyLowPct ?? 0 })}>{t("bid.abnormallyLow")}</span>
                    )}
                  </td>
                  <td>{t("services.days", { days: b.committedDays })}</td>
                  <td>{b.status === "invalid" ? `${t("project.bids.invalid")}（${(b.statusReason ?? "").split(",").map((c) => t(`bid.invalidReason.${c}`)).join("、")}）` : t("project.bids.valid")}</td>
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
          {p.status === "bidding" && (
            <>
              <Form method="post" className="form" noValidate>
                <input type="hidden" name="intent" value="bid" />
                <div className={`field${errors.price ? " field-invalid" : ""}`}>
                  <label htmlFor="bid-price">{t("bid.price")}</label>
                  <input id="bid-price" name="price" inputMode="decimal" required defaultValue={view.ownBid?.status === "submitted" ? fenToYuanInput(view.ownBid.priceFen) : ""} aria-invalid={errors.price ? true : undefined} aria-describedby={errors.price ? "price-error" : undefined} />
                  {errors.price && <p className="field-error" id="price-error">{t(errors.price[0]!, formParams)}</p>}
                </div>
                <div className={`field${errors.committedDays ? " field-invalid" : ""}`}>
                  <label htmlFor="bid-days">{t("bid.committedDays")}</label>
                  <input id="bid-days" name="committedDays" type="number" required defaultValue={view.ownBid?.status === "submitted" ? view.ownBid.committedDays : (p.expectedDays ?? "")} aria-invalid={errors.committedDays ? true : undefined} />
                  <FieldMessage errors={errors} name="committedDays" />
                </div>
                <div className={`field${errors.proposal ? " field-invalid" : ""}`}>
                  <label htmlFor="bid-proposal">{t("bid.proposal")}</label>
                  <textarea id="bid-proposal" name="proposal" rows={3} defaultValue={view.ownBid?.proposal ?? ""} />
                  <FieldMessage errors={errors} name="proposal" />
                </div>
                <button type="submit" className="button button-primary" disabled={busy}>{t(view.ownBid?.status === "submitted" ? "bid.revise" : "bid.submit")}</button>
              </Form>
              {view.ownBid?.status === "submitted" && (
                <Form method="post">
                  <input type="hidden" name="intent" value="withdraw" />
                  <button type="submit" className="button">{t("bid.withdraw")}</button>
                </Form>
              )}
            </>
          )}
        </div>
      )}
      {!view.isAgency && !view.isOwner && p.status === "bidding" && <p className="muted small">{t("bid.loginToBid")}</p>}
    </section>
  );
}
