import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { withUploadedDocument } from "~/modules/procurement/attachments.server";
import { readFormWithUpload } from "~/web/upload.server";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { FeeText } from "~/components/fee";
import { TableWrap } from "~/components/table-wrap";
import { translate } from "~/i18n";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { useT, useViewer } from "~/lib/i18n-react";
import { fenToYuanInput } from "~/lib/money";
import { submitBid, withdrawBid } from "~/modules/procurement/bids.server";
import { abandonAward, decideDelivery, signContract, submitDelivery } from "~/modules/procurement/contracts.server";
import { getProjectPage } from "~/modules/procurement/project-view.server";
import { copyAsDraft } from "~/modules/procurement/projects.server";
import { AnswerSchema, BidSchema, CompleteSelectionSchema, QuestionSchema } from "~/modules/procurement/projects.schema";
import { answerObjection, escalateObjection, fileObjection } from "~/modules/procurement/objections.server";
import { answerQuestion, askQuestion } from "~/modules/procurement/questions.server";
import { completeSelection } from "~/modules/procurement/selection.server";
import { scoreShown } from "~/modules/procurement/ranking-display";
import { EligibilityNotice, ProjectTrustSection } from "~/components/project-trust";
import { rateContract, replyToReview, submitReview } from "~/modules/trust/reviews.server";
import { ContractPayments } from "~/components/contract-payments";
import { acceptDeliveryAndRelease, acceptMilestone, orderRefund, recordOfflinePayment, setMilestones, startFunding, terminateAndRefund } from "~/modules/payments/payments.server";
import { MilestonesSchema, OfflinePaymentSchema, RefundOrderSchema } from "~/modules/payments/payments.schema";
import { AgencyReviewSchema, DepartmentRatingSchema, OwnerReviewSchema, ReplySchema, TerminateSchema } from "~/modules/trust/trust.schema";
import type { RootData } from "~/root";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireViewer } from "~/web/guards.server";

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as RootData | undefined)?.locale ?? "zh-CN";
  return [{ title: `${d?.view.project.title ?? translate(locale, "errors.notFound")} · ${translate(locale, "app.name")}` }];
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  const page = await getProjectPage(context.db, context.viewer, params.id ?? "");
  if (!page) throw new Response("Not Found", { status: 404 });
  const { auditHead, ...shown } = page;
  // An anonymous page may be kept by the page cache, under the audit head of the record it shows.
  if (context.pageCache) context.pageCache.auditHead = auditHead;
  return { ...shown, stripe: !!context.payments.stripe };
}

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date");

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const id = params.id ?? "";
  // A malformed id names no project (and must never reach a uuid column).
  if (!z.string().uuid().safeParse(id).success) throw new Response("Not Found", { status: 404 });
  const read = await readFormWithUpload(request);
  if ("tooLarge" in read) return data({ fieldErrors: { document: ["errors.file.tooLarge"] } as FieldErrors, values: {} }, { status: 413 });
  const { form, upload } = read;
  const withDocument = <T,>(run: (fileId: string | null) => Promise<T>) => withUploadedDocument(context.db, context.files, viewer, upload, run);
  const intent = String(form.get("intent") ?? "");
  const back = (q: string) => redirect(`/projects/${id}?${q}`);
  try {
    switch (intent) {
      case "bid": {
        const parsed = parseForm(BidSchema, form);
        if (!parsed.ok) return invalid(parsed);
        const r = await submitBid(context.db, viewer, id, parsed.data, context.receivedAt);
        return back(`bid=${r.version}`);
      }
      case "withdraw":
        await withdrawBid(context.db, viewer, id);
        return back("withdrawn=1");
      case "ask": {
        const parsed = parseForm(QuestionSchema, form);
        if (!parsed.ok) return invalid(parsed);
        await askQuestion(context.db, viewer, id, parsed.data.question);
        return back("asked=1");
      }
      case "answer": {
        const parsed = parseForm(AnswerSchema, form);
        if (!parsed.ok) return invalid(parsed);
        await answerQuestion(context.db, viewer, parsed.data.questionId, parsed.data.answer);
        return back("answered=1");
      }
      case "complete": {
        const parsed = parseForm(CompleteSelectionSchema, form);
        if (!parsed.ok) return invalid(parsed);
        await completeSelection(context.db, viewer, id, parsed.data);
        return back("awarded=1");
      }
      case "sign": {
        const signedOn = dateSchema.safeParse(form.get("signedOn"));
        if (!signedOn.success) return data({ fieldErrors: { signedOn: ["errors.date"] } as FieldErrors, values: {} }, { status: 400 });
        await withDocument((fileId) => signContract(context.db, viewer, id, signedOn.data, new Date(), fileId));
        return back("signed=1");
      }
      case "deliver": {
        const note = z.string().trim().min(2).max(5000).safeParse(form.get("note"));
        if (!note.success) return data({ fieldErrors: { note: ["errors.required"] } as FieldErrors, values: {} }, { status: 400 });
        await withDocument((fileId) => submitDelivery(context.db, viewer, id, note.data, fileId));
        return back("delivered=1");
      }
      case "accept":
      case "return": {
        const reason = String(form.get("reason") ?? "").trim() || null;
        // Acceptance completes the contract and releases what the agency has not yet been paid.
        if (intent === "accept") await acceptDeliveryAndRelease(context.db, context.payments, viewer, id, reason);
        else await decideDelivery(context.db, viewer, id, intent, reason);
        return back(intent === "accept" ? "accepted=1" : "returned=1");
      }
      case "fund": {
        await startFunding(context.db, context.payments, viewer, id);
        return redirect(`/owner/projects/${id}/pay`);
      }
      case "milestones": {
        const parsed = parseForm(MilestonesSchema, form);
        if (!parsed.ok) return invalid(parsed);
        await setMilestones(context.db, viewer, id, parsed.data);
        return back("milestones=1");
      }
      case "acceptMilestone":
        await acceptMilestone(context.db, context.payments, viewer, id, String(form.get("milestoneId") ?? ""));
        return back("milestoneAccepted=1");
      case "offline": {
        const parsed = parseForm(OfflinePaymentSchema, form);
        if (!parsed.ok) return invalid(parsed);
        await withDocument((fileId) => recordOfflinePayment(context.db, viewer, id, { amountFen: parsed.data.amount!, paidOn: parsed.data.paidOn, reference: parsed.data.reference }, fileId));
        return back("paidOffline=1");
      }
      case "orderRefund": {
        const parsed = parseForm(RefundOrderSchema, form);
        if (!parsed.ok) return invalid(parsed);
        await orderRefund(context.db, context.payments, viewer, id, parsed.data.amount, parsed.data.reason);
        return back("refundOrdered=1");
      }
      case "object": {
        const grounds = z.string().trim().min(10).max(5000).refine((s) => [...s].length >= 10).safeParse(form.get("grounds")); // characters, as the database counts
        if (!grounds.success) return data({ fieldErrors: { grounds: ["errors.objection.grounds"] } as FieldErrors, values: {} }, { status: 400 });
        await withDocument((fileId) => fileObjection(context.db, viewer, id, grounds.data, new Date(), fileId));
        return back("objected=1");
      }
      case "answerObjection": {
        const answer = z.string().trim().min(2).max(5000).safeParse(form.get("answer"));
        if (!answer.success) return data({ fieldErrors: { answer: ["errors.required"] } as FieldErrors, values: {} }, { status: 400 });
        await answerObjection(context.db, viewer, String(form.get("objectionId") ?? ""), answer.data);
        return back("objectionAnswered=1");
      }
      case "escalate":
        await escalateObjection(context.db, viewer, String(form.get("objectionId") ?? ""));
        return back("escalated=1");
      case "copy": {
        const { id: draft } = await copyAsDraft(context.db, viewer, id);
        return redirect(`/owner/projects/${draft}`);
      }
      case "abandon":
        await abandonAward(context.db, viewer, id);
        return back("abandoned=1");
      case "review": {
        // The owner reviews the agency; the agency reviews the owner (each on its own dimensions).
        const parsed = parseForm(viewer.org?.kind === "agency" ? OwnerReviewSchema : AgencyReviewSchema, form);
        if (!parsed.ok) return invalid(parsed);
        await submitReview(context.db, viewer, id, parsed.data);
        return back("reviewed=1");
      }
      case "reply": {
        const parsed = parseForm(ReplySchema, form);
        if (!parsed.ok) return invalid(parsed);
        await replyToReview(context.db, viewer, String(form.get("reviewId") ?? ""), parsed.data.reply);
        return back("replied=1");
      }
      case "rate": {
        const parsed = parseForm(DepartmentRatingSchema, form);
        if (!parsed.ok) return invalid(parsed);
        await rateContract(context.db, viewer, id, parsed.data);
        return back("rated=1");
      }
      case "terminate": {
        const parsed = parseForm(TerminateSchema, form);
        if (!parsed.ok) return invalid(parsed);
        await terminateAndRefund(context.db, context.payments, viewer, id, parsed.data.reason);
        return back("terminated=1");
      }
      default:
        throw new Response("Bad request", { status: 400 });
    }
  } catch (e) {
    return domainErrorResponse(e, Object.fromEntries([...form].filter(([, v]) => typeof v === "string")));
  }
}

function FieldMessage({ errors, name }: { errors: FieldErrors; name: string }) {
  const t = useT();
  const e = errors[name]?.[0];
  return e ? <p className="field-error" id={`${name}-error`}>{t(e)}</p> : null;
}

export default function ProjectPage() {
  const { view, trust, payments, stripe } = useLoaderData<typeof loader>();
  const viewerKind = useViewer()?.orgKind;
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const nav = useNavigation();
  const t = useT();
  const en = t.locale === "en";
  const p = view.project;
  const errors: FieldErrors = actionData && typeof actionData === "object" && "fieldErrors" in actionData ? (actionData.fieldErrors as FieldErrors) : {};
  const formParams = actionData && typeof actionData === "object" && "formParams" in actionData ? (actionData.formParams as Record<string, string | number>) : {};
  const busy = nav.state === "submitting";
  const notices = ["bid", "withdrawn", "asked", "answered", "awarded", "signed", "delivered", "accepted", "returned", "abandoned", "published", "objected", "objectionAnswered", "escalated", "reviewed", "replied", "rated", "terminated", "milestones", "milestoneAccepted", "paidOffline", "refundOrdered", "paid"].filter((k) => params.get(k));
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
    <article className="project">
      <header className="profile-head">
        <p className="muted small">
          <Link to="/projects">{t("projects.title")}</Link> · <span className="badge badge-muted">{t(`project.state.${p.status}`)}</span>
          {p.governmentFunded && <span className="badge badge-muted">{t("projects.governmentFunded")}</span>}
        </p>
        <h1>{p.title}</h1>
        {p.status === "failed" && p.statusReason && <p className="alert alert-error">{t("project.failed", { reason: t(`project.failReason.${p.statusReason}`) })}</p>}
        {view.isOwner && (p.status === "failed" || p.status === "cancelled") && (
          <Form method="post">
            <input type="hidden" name="intent" value="copy" />
            <button type="submit" className="button">{t("project.republish")}</button>
          </Form>
        )}
      </header>
      {notices.map((k) => (
        <p key={k} className="alert alert-success" role="status">
          {t(`project.notice.${k}`, { version: params.get(k) ?? "" })}
        </p>
      ))}
      {errors._form && (
        <p className="alert alert-error" role="alert">
          {t(errors._form[0]!, formParams)}
        </p>
      )}

      <section className="section" aria-labelledby="notice">
        <h2 id="notice">{t("project.notice")}</h2>
        <dl className="facts">
          <dt>{t("project.owner")}</dt>
          <dd>{p.ownerName}</dd>
          <dt>{t("project.item")}</dt>
          <dd>{en ? p.itemNameEn : p.itemNameZh}</dd>
          <dt>{t("project.region")}</dt>
          <dd>{p.regionName}</dd>
          <dt>{t("project.ceiling")}</dt>
          <dd>{p.priceCeilingFen != null ? t.money(p.priceCeilingFen) : "—"}</dd>
          {p.priceFloorFen != null && (
            <>
              <dt>{t("project.floor")}</dt>
              <dd>{t.money(p.priceFloorFen)}</dd>
            </>
          )}
          <dt>{t("project.funding")}</dt>
          <dd>{t(p.governmentFunded ? "project.funding.government" : "project.funding.owner")}</dd>
          <dt>{t("project.method")}</dt>
          <dd>
            {t(`method.${p.selectionMethod}`)}
            {p.selectionMethod === "scored" && <span className="sub">{t("project.weights", { price: p.priceWeight ?? 0, technical: p.technicalWeight ?? 0, credit: p.creditWeight ?? 0 })}</span>}
          </dd>
          <dt>{t("project.deadline")}</dt>
          <dd data-testid="deadline">{p.bidDeadline ? t.dateTime(p.bidDeadline) : "—"}</dd>
          <dt>{t("project.expectedDays")}</dt>
          <dd>{p.expectedDays ? t("services.days", { days: p.expectedDays }) : "—"}</dd>
          {p.publishedAt && (
            <>
              <dt>{t("project.publishedAt")}</dt>
              <dd>{t.dateTime(p.publishedAt)}</dd>
            </>
          )}
          {p.drawCommitment && (
            <>
              <dt>{t("project.commitment")}</dt>
              <dd>
                <code className="hash" data-testid="commitment">{p.drawCommitment}</code>
                <span className="sub">{t("project.commitment.hint")}</span>
              </dd>
            </>
          )}
        </dl>
        <h3>{t("project.description")}</h3>
        <p className="prewrap">{p.description}</p>
        <h3>{t("project.deliverables")}</h3>
        <p className="prewrap">{p.deliverables}</p>
        {view.attachments.length > 0 && (
          <>
            <h3>{t("attachments.title")}</h3>
            <ul className="plain-list" data-testid="attachments">
              {view.attachments.map((a) => (
                <li key={a.id}>
                  <a href={`/files/${a.fileId}`}>{a.title}</a> {a.confidential && <span className="badge badge-muted">{t("attachments.confidential")}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
        {view.isOwner && ["draft", "bidding"].includes(p.status) && (
          <p>
            <Link to={`/owner/projects/${p.id}`} className="button">{t("owner.edit")}</Link>
          </p>
        )}
      </section>

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
            <EligibilityNotice e={trust.eligibility} />
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

      <section className="section" aria-labelledby="qa">
        <h2 id="qa">{t("project.qa")}</h2>
        {view.questions.length === 0 ? (
          <p className="muted">{t("project.qa.none")}</p>
        ) : (
          <ul className="plain-list qa">
            {view.questions.map((q) => (
              <li key={q.id}>
                <p>
                  <strong>{t("project.qa.q")}</strong>
                  {q.question}
                </p>
                {q.answer ? (
                  <p>
                    <strong>{t("project.qa.a")}</strong>
                    {q.answer}
                  </p>
                ) : view.isOwner ? (
                  <Form method="post" className="inline-answer">
                    <input type="hidden" name="intent" value="answer" />
                    <input type="hidden" name="questionId" value={q.id} />
                    <label htmlFor={`ans-${q.id}`} className="visually-hidden">{t("project.qa.answer")}</label>
                    <input id={`ans-${q.id}`} name="answer" required />
                    <button type="submit" className="button">{t("project.qa.answerSubmit")}</button>
                  </Form>
                ) : (
                  <p className="muted small">{t("project.qa.pending")}</p>
                )}
              </li>
            ))}
          </ul>
        )}
        {view.isAgency && p.status === "bidding" &&
          (p.qaOpen ? (
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="ask" />
              <div className={`field${errors.question ? " field-invalid" : ""}`}>
                <label htmlFor="question">{t("project.qa.ask")}</label>
                <textarea id="question" name="question" rows={2} required />
                <FieldMessage errors={errors} name="question" />
              </div>
              <button type="submit" className="button">{t("project.qa.submit")}</button>
            </Form>
          ) : (
            <p className="muted small">{t("project.qa.closed")}</p>
          ))}
      </section>

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

      {view.award && (
        <section className="section" aria-labelledby="award">
          <h2 id="award">{t("project.award")}</h2>
          <dl className="facts" data-testid="award">
            <dt>{t("project.award.winner")}</dt>
            <dd>
              <Link to={`/agencies/${view.award.agencyOrgId}`}>{view.award.agencyName}</Link>
            </dd>
            <dt>{t("project.award.price")}</dt>
            <dd>{t.money(view.award.priceFen)}</dd>
            <dt>{t("projects.col.status")}</dt>
            <dd>{t(`award.status.${view.award.status}`)}</dd>
            {view.award.publicityEndsAt && (
              <>
                <dt>{t("project.award.publicityEnds")}</dt>
                <dd>{t.dateTime(view.award.publicityEndsAt)}</dd>
              </>
            )}
          </dl>
          {view.objections.length > 0 && (
            <>
              <h3>{t("objection.title")}</h3>
              <ul className="plain-list qa" data-testid="objections">
                {view.objections.map((o) => (
                  <li key={o.id}>
                    <p>
                      <span className="badge badge-muted">{t(`objection.status.${o.status}`)}</span> {o.grounds}
                    </p>
                    {o.ownerAnswer && (
                      <p>
                        <strong>{t("objection.answer")}：</strong>
                        {o.ownerAnswer}
                      </p>
                    )}
                    {o.decisionReason && (
                      <p>
                        <strong>{t("objection.decision")}：</strong>
                        {o.decisionReason}
                      </p>
                    )}
                    {view.isOwner && o.status === "open" && (
                      <Form method="post" className="inline-answer">
                        <input type="hidden" name="intent" value="answerObjection" />
                        <input type="hidden" name="objectionId" value={o.id} />
                        <label htmlFor={`oa-${o.id}`} className="visually-hidden">{t("objection.answer")}</label>
                        <input id={`oa-${o.id}`} name="answer" required />
                        <button type="submit" className="button">{t("objection.answerSubmit")}</button>
                      </Form>
                    )}
                    {o.mine && o.status === "answered" && (
                      <Form method="post">
                        <input type="hidden" name="intent" value="escalate" />
                        <input type="hidden" name="objectionId" value={o.id} />
                        <button type="submit" className="button">{t("objection.escalate")}</button>
                      </Form>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          {view.isAgency && view.isBidder && !view.isWinner && view.award.status === "publicity" && (
            <Form method="post" className="form" encType="multipart/form-data">
              <input type="hidden" name="intent" value="object" />
              <div className="field">
                <label htmlFor="objection-evidence">{t("objection.evidence")}</label>
                <input id="objection-evidence" name="document" type="file" accept="application/pdf,image/jpeg,image/png" />
              </div>
              <div className={`field${errors.grounds ? " field-invalid" : ""}`}>
                <label htmlFor="grounds">{t("objection.grounds")}</label>
                <textarea id="grounds" name="grounds" rows={3} required />
                <FieldMessage errors={errors} name="grounds" />
              </div>
              <button type="submit" className="button">{t("objection.file")}</button>
            </Form>
          )}
          {view.isWinner && ["publicity", "final"].includes(view.award.status) && !view.contract && (
            <Form method="post">
              <input type="hidden" name="intent" value="abandon" />
              <button type="submit" className="button">{t("award.abandon")}</button>
            </Form>
          )}
          {view.isOwner && view.award.status === "final" && !view.contract && (
            <Form method="post" className="form" encType="multipart/form-data">
              <input type="hidden" name="intent" value="sign" />
              <div className="field">
                <label htmlFor="contract-doc">{t("contract.document")}</label>
                <input id="contract-doc" name="document" type="file" accept="application/pdf,image/jpeg,image/png" />
              </div>
              <div className={`field${errors.signedOn ? " field-invalid" : ""}`}>
                <label htmlFor="signed-on">{t("contract.signedOn")}</label>
                <input id="signed-on" name="signedOn" type="date" required />
                <FieldMessage errors={errors} name="signedOn" />
              </div>
              <button type="submit" className="button button-primary">{t("contract.sign")}</button>
            </Form>
          )}
        </section>
      )}

      {view.contract && (
        <section className="section" aria-labelledby="contract">
          <h2 id="contract">{t("contract.title")}</h2>
          <dl className="facts" data-testid="contract">
            <dt>{t("contract.amount")}</dt>
            <dd>{t.money(view.contract.amountFen)}</dd>
            <dt>{t("contract.signedOn")}</dt>
            <dd>{view.contract.signedOn}</dd>
            {view.contract.documentFileId && (view.isOwner || view.isWinner) && (
              <>
                <dt>{t("contract.document")}</dt>
                <dd>
                  <a href={`/files/${view.contract.documentFileId}`}>{t("contract.documentLink")}</a>
                </dd>
              </>
            )}
            <dt>{t("contract.dueOn")}</dt>
            <dd>{view.contract.dueOn}</dd>
            <dt>{t("projects.col.status")}</dt>
            <dd>{t(`contract.status.${view.contract.status}`)}</dd>
            {view.contract.terminatedAt && (
              <>
                <dt>{t("contract.terminationReason")}</dt>
                <dd>{t.date(view.contract.terminatedAt)} · {view.contract.terminationReason}</dd>
              </>
            )}
            {view.contract.lateWorkdays != null && (
              <>
                <dt>{t("contract.lateness")}</dt>
                <dd>{view.contract.lateWorkdays > 0 ? <span className="badge badge-warn">{t("contract.late", { days: view.contract.lateWorkdays })}</span> : t("contract.onTime")}</dd>
              </>
            )}
          </dl>
          {view.contract.deliveries.length > 0 && (
            <ul className="plain-list">
              {view.contract.deliveries.map((d) => (
                <li key={d.id}>
                  {t.dateTime(d.submittedAt)} · {d.note} · {t(`delivery.status.${d.status}`)}
                  {d.fileId && (view.isOwner || view.isWinner) && (
                    <>
                      {" "}· <a href={`/files/${d.fileId}`}>{t("delivery.fileLink")}</a>
                    </>
                  )}
                  {d.decisionReason ? ` · ${d.decisionReason}` : ""}
                </li>
              ))}
            </ul>
          )}
          {view.isWinner && view.contract.status === "signed" && (
            <Form method="post" className="form" encType="multipart/form-data">
              <input type="hidden" name="intent" value="deliver" />
              <div className="field">
                <label htmlFor="delivery-file">{t("delivery.file")}</label>
                <input id="delivery-file" name="document" type="file" accept="application/pdf,image/jpeg,image/png" />
              </div>
              <div className={`field${errors.note ? " field-invalid" : ""}`}>
                <label htmlFor="delivery-note">{t("delivery.note")}</label>
                <textarea id="delivery-note" name="note" rows={2} required />
                <FieldMessage errors={errors} name="note" />
              </div>
              <button type="submit" className="button button-primary">{t("delivery.submit")}</button>
            </Form>
          )}
          {view.isOwner && view.contract.status === "delivered" && (
            <Form method="post" className="form">
              <div className="field">
                <label htmlFor="delivery-reason">{t("delivery.reason")}</label>
                <input id="delivery-reason" name="reason" maxLength={1000} />
              </div>
              <div className="cta-row">
                <button type="submit" name="intent" value="accept" className="button button-primary">{t("delivery.accept")}</button>
                <button type="submit" name="intent" value="return" className="button">{t("delivery.return")}</button>
              </div>
            </Form>
          )}
        </section>
      )}
      {view.contract && payments && (
        <ContractPayments p={payments} stripe={stripe} isOwner={view.isOwner} isRegulator={viewerKind === "regulator"} contractOpen={["signed", "delivered"].includes(view.contract.status)} projectId={p.id} errors={errors} params={formParams} />
      )}
      {(view.contract || trust.complaints.length > 0 || trust.mayComplain) && (
        <ProjectTrustSection trust={trust} errors={errors} values={actionData && typeof actionData === "object" && "values" in actionData ? (actionData.values as Record<string, unknown>) : {}} isOwner={view.isOwner} contractOpen={!!view.contract && ["signed", "delivered"].includes(view.contract.status)} projectId={p.id} />
      )}
    </article>
  );
}
