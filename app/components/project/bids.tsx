import { Link } from "@remix-run/react";
import { Field, FileField, IntentButton, SubmitButton, TextAreaField, ValidatedForm, useFieldState } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { fenToYuanInput } from "~/lib/money";
import { BidSchema } from "~/modules/procurement/projects.schema";
import { BID_DOCUMENT_KINDS, MAX_BID_DOCUMENTS } from "~/modules/procurement/bid-documents.rules";
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
                  <td>
                    {t("services.days", { days: b.committedDays })}
                    {(view.bidDocuments[b.id]?.length ?? 0) > 0 && (
                      <details className="small">
                        <summary>{t("bid.documents.opened")}</summary>
                        <DocumentList docs={view.bidDocuments[b.id]!} />
                      </details>
                    )}
                  </td>
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
          {view.ownDocuments.length > 0 && (
            <div data-testid="own-documents">
              <h4>{t("bid.documents.yours")}</h4>
              <DocumentList docs={view.ownDocuments} />
            </div>
          )}
          {bidForms(view).includes("bid") && (
            <>
              <ValidatedForm schema={BidSchema} intent="bid" scope="bid" encType="multipart/form-data">
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
                <BidDocumentsFields />
                <SubmitButton>{t(submitted ? "bid.revise" : "bid.submit")}</SubmitButton>
              </ValidatedForm>
              {submitted && <IntentButton intent="withdraw">{t("bid.withdraw")}</IntentButton>}
            </>
          )}
          {view.receipts.length > 0 && (
            <div data-testid="receipts">
              <h4>{t("receipt.list")}</h4>
              <p className="muted small">{t("receipt.list.hint")}</p>
              <ul>
                {view.receipts.map((r) => (
                  <li key={r.id}>
                    {t(`receipt.action.${r.action}`)} · v{r.version} · {t.dateTime(r.receivedAt)} ·{" "}
                    <Link to={`/agency/receipts/${r.id}`}>{t("receipt.open")}</Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      {!view.isAgency && !view.isOwner && p.status === "bidding" && <p className="muted small">{t("bid.loginToBid")}</p>}
    </section>
  );
}

type DocumentRow = { fileId: string; kind: string; fileName: string; sizeBytes: number; sha256: string };

/** A bid's documents: kind, name (a link for those allowed to open it), size and SHA-256. */
function DocumentList({ docs }: { docs: readonly DocumentRow[] }) {
  const t = useT();
  return (
    <ul className="small">
      {docs.map((d) => (
        <li key={d.fileId}>
          {t(`bid.documents.kind.${d.kind}`)} ·{" "}
          <a href={`/files/${d.fileId}`} target="_blank" rel="noreferrer">
            {d.fileName}
          </a>{" "}
          · {Math.ceil(d.sizeBytes / 1024)} KB · <code className="hash">{d.sha256}</code>
        </li>
      ))}
    </ul>
  );
}

/** The bid's response documents: one file field per kind; a refusal about them shows under the group. */
function BidDocumentsFields() {
  const t = useT();
  const { error, params } = useFieldState("documents");
  return (
    <fieldset className={`field${error ? " field-invalid" : ""}`} aria-invalid={error ? true : undefined}>
      <legend>{t("bid.documents")}</legend>
      <p className="hint small">{t("bid.documents.hint", { max: MAX_BID_DOCUMENTS })}</p>
      {BID_DOCUMENT_KINDS.map((k) => (
        <FileField
          key={k}
          name={`doc_${k}`}
          label={t(`bid.documents.kind.${k}`)}
          accept="application/pdf,image/jpeg,image/png"
          required={false}
          multiple
        />
      ))}
      {error && (
        <p className="field-error" role="alert">
          {t(error, params)}
        </p>
      )}
    </fieldset>
  );
}
