import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CreditBreakdownView } from "~/components/credit-breakdown";
import { FileField, SelectField, SubmitButton, TextAreaField, ValidatedForm, useActionErrors } from "~/components/form";
import { SanctionBadge, Stars } from "~/components/trust";
import { parseForm, sentText, type FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { withUploadedDocument } from "~/modules/procurement/attachments.server";
import { applyForRepair } from "~/modules/trust/applications.server";
import type { CreditItem } from "~/modules/trust/credit.rules";
import { REVIEW_REMOVAL_REASONS } from "~/modules/trust/reviews.rules";
import { getPublicTrustRecord } from "~/modules/trust/trust-views.server";
import { ApplicationSchema } from "~/modules/trust/trust.schema";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readFormWithUpload } from "~/web/upload.server";

export const meta = titleMeta("credit.mine");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "agency");
  const record = await getPublicTrustRecord(context.db, viewer.org.id);
  return { agencyId: viewer.org.id, record };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "agency");
  const read = await readFormWithUpload(request);
  if ("tooLarge" in read) return data({ fieldErrors: { document: ["errors.file.tooLarge"] } as FieldErrors, values: {} }, { status: 413 });
  const parsed = parseForm(ApplicationSchema, read.form);
  // Each sanction, event and review has its own form: the refusal goes to the one it was sent from.
  if (!parsed.ok) return invalid(parsed, { scope: sentText(parsed.values, "targetId") });
  try {
    await withUploadedDocument(context.db, context.files, viewer, read.upload, (fileId) =>
      applyForRepair(context.db, viewer, parsed.data, fileId),
    );
    return redirect("/agency/credit?applied=1");
  } catch (e) {
    return domainErrorResponse(e, parsed.data, parsed.data.targetId);
  }
}

function ApplyForm({ kind, targetId, label, withReason }: { kind: string; targetId: string; label: string; withReason?: boolean }) {
  const t = useT();
  const open = useActionErrors(targetId) !== null;
  return (
    <details className="apply" open={open}>
      <summary>{label}</summary>
      <ValidatedForm schema={ApplicationSchema} scope={targetId} encType="multipart/form-data">
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="targetId" value={targetId} />
        {withReason && (
          <SelectField name="reasonCode" label={t("application.reasonCode")} required>
            <option value="">{t("application.pickReason")}</option>
            {REVIEW_REMOVAL_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`review.removal.${r}`)}
              </option>
            ))}
          </SelectField>
        )}
        <TextAreaField name="grounds" label={t("application.grounds")} rows={3} maxLength={5000} />
        <FileField name="document" label={t("application.evidence")} accept="application/pdf,image/jpeg,image/png" required={false} />
        <SubmitButton className="button">{t("application.submit")}</SubmitButton>
      </ValidatedForm>
    </details>
  );
}

export default function MyCredit() {
  const { agencyId, record } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const pendingTargets = new Set(
    record.applications.filter((a) => a.status === "pending").map((a) => a.sanctionId ?? a.breachEventId ?? a.reviewId),
  );
  const eventAction = (i: CreditItem) =>
    i.source === "event" && !pendingTargets.has(i.id) ? (
      <ApplyForm kind="correctEvent" targetId={i.id} label={t("application.kind.correctEvent")} />
    ) : pendingTargets.has(i.id) ? (
      <span className="badge badge-muted">{t("application.pending")}</span>
    ) : null;
  return (
    <>
      <h1>{t("credit.mine")}</h1>
      <p className="lead">
        {t("credit.mineLead")} <Link to={`/agencies/${agencyId}/credit`}>{t("credit.publicView")}</Link>
      </p>
      {params.get("applied") && (
        <p className="alert alert-success" role="status">
          {t("application.submitted")}
        </p>
      )}
      {record.credit && (
        <CreditBreakdownView
          b={record.credit.breakdown}
          scoreCenti={record.credit.scoreCenti}
          grade={record.credit.grade}
          actions={eventAction}
        />
      )}

      <section className="section" aria-labelledby="my-sanctions">
        <h2 id="my-sanctions">{t("profile.penalties")}</h2>
        {record.penalties.length === 0 ? (
          <p className="empty-state">{t("profile.noRecords")}</p>
        ) : (
          <ul className="queue">
            {record.penalties.map((s) => (
              <li key={s.id} className="card">
                <p>
                  <SanctionBadge type={s.type} /> <Link to={`/sanctions/${s.id}`}>{s.decisionRef}</Link> · {t(`sanction.state.${s.state}`)}
                </p>
                <p className="small">{s.grounds}</p>
                {(s.state === "inForce" || s.state === "scheduled") &&
                  (pendingTargets.has(s.id) ? (
                    <span className="badge badge-muted">{t("application.pending")}</span>
                  ) : (
                    <ApplyForm kind="liftSanction" targetId={s.id} label={t("application.kind.liftSanction")} />
                  ))}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="my-reviews">
        <h2 id="my-reviews">{t("profile.reviews")}</h2>
        {record.reviews.reviews.length === 0 ? (
          <p className="empty-state">{t("profile.noRecords")}</p>
        ) : (
          <ul className="queue">
            {record.reviews.reviews.map((r) => (
              <li key={r.id} className="card">
                <p>
                  {r.overall != null ? (
                    <Stars value={r.overall} />
                  ) : (
                    <span className="badge badge-muted">{t("review.removed", { reason: t(`review.removal.${r.removedReason}`) })}</span>
                  )}{" "}
                  · <Link to={`/projects/${r.projectId}`}>{r.title}</Link>
                </p>
                {r.body && <p className="prewrap">{r.body}</p>}
                {!r.removedAt &&
                  (pendingTargets.has(r.id) ? (
                    <span className="badge badge-muted">{t("application.pending")}</span>
                  ) : (
                    <ApplyForm kind="appealReview" targetId={r.id} label={t("application.kind.appealReview")} withReason />
                  ))}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="my-apps">
        <h2 id="my-apps">{t("application.mine")}</h2>
        {record.applications.length === 0 ? (
          <p className="empty-state">{t("profile.noRecords")}</p>
        ) : (
          <ul className="plain-list" data-testid="my-applications">
            {record.applications.map((a) => (
              <li key={a.id}>
                {t.date(a.createdAt)} · {t(`application.kind.${a.kind}`)} ·{" "}
                <span className="badge badge-muted">{t(`application.status.${a.status}`)}</span>
                {a.decisionReason && (
                  <>
                    {" "}
                    · {a.decidedByName}：{a.decisionReason}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
