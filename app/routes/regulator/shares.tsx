import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { ActionAlert, Field, SubmitButton, ValidatedForm } from "~/components/form";
import { parseForm, sentText } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { commitShare, listOfficeShares } from "~/modules/procurement/share-draw.server";
import { ShareCommitSchema, ShareRevealSchema } from "~/modules/procurement/share.schema";
import { revealShare } from "~/modules/procurement/selection.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("share.title");

/**
 * The office's reveal shares (decision 043): the projects whose draw waits for its share — to commit
 * (while bidding is open), to reveal (after the opening), and the ones done.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const rows = await listOfficeShares(context.db, viewer);
  return {
    rows: rows.map((r) => ({
      projectId: r.projectId,
      title: r.title,
      state: r.state,
      bidDeadline: r.bidDeadline ? new Date(r.bidDeadline).toISOString() : null,
      commitment: r.commitment,
      revealDueAt: r.revealDueAt ? new Date(r.revealDueAt).toISOString() : null,
      escalated: !!r.escalatedAt,
      canCommit: !r.commitment && r.status === "bidding",
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "commit") {
    const parsed = parseForm(ShareCommitSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope: sentText(parsed.values, "projectId"), status: 200 });
    try {
      await commitShare(context.db, viewer, parsed.data.projectId, parsed.data.commitment);
      return redirect("/regulator/shares?committed=1");
    } catch (e) {
      return domainErrorResponse(e, { commitment: parsed.data.commitment }, parsed.data.projectId);
    }
  }
  if (intent === "reveal") {
    const parsed = parseForm(ShareRevealSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope: sentText(parsed.values, "projectId"), status: 200 });
    try {
      await revealShare(context.db, viewer, parsed.data.projectId, parsed.data.share);
      return redirect(`/projects/${parsed.data.projectId}/verify`);
    } catch (e) {
      return domainErrorResponse(e, {}, parsed.data.projectId);
    }
  }
  return new Response(null, { status: 400 });
}

const toHex = (b: ArrayBuffer | Uint8Array) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");

/**
 * Makes the share in this browser (32 bytes from crypto.getRandomValues), shows it once with a slip to
 * save or print, and fills in only its SHA-256: the share never leaves the browser until the reveal.
 */
function ShareMaker({ projectId, title }: { projectId: string; title: string }) {
  const t = useT();
  const [made, setMade] = useState<{ share: string; commitment: string } | null>(null);
  async function make() {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    setMade({ share: toHex(bytes), commitment: toHex(digest) });
  }
  const slip = made
    ? [
        t("share.slip.heading"),
        `${t("share.slip.project")}: ${title} (${projectId})`,
        `${t("share.slip.share")}: ${made.share}`,
        `${t("share.slip.commitment")}: ${made.commitment}`,
        t("share.slip.keep"),
      ].join("\n")
    : "";
  return (
    <div className="share-maker">
      <button type="button" className="button secondary" onClick={() => void make()}>
        {t("share.make")}
      </button>
      {made ? (
        <div className="alert" role="status">
          <p>{t("share.made")}</p>
          <pre data-testid="share-slip">{slip}</pre>
          <a download={`share-${projectId}.txt`} href={`data:text/plain;charset=utf-8,${encodeURIComponent(slip)}`}>
            {t("share.download")}
          </a>{" "}
          <button type="button" className="button secondary" onClick={() => window.print()}>
            {t("share.print")}
          </button>
        </div>
      ) : null}
      {made ? <input type="hidden" name="commitment" value={made.commitment} /> : null}
      {made ? null : <Field name="commitment" label={t("share.commitment")} hint={t("share.commitment.hint")} maxLength={64} />}
    </div>
  );
}

export default function Shares() {
  const { rows } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("share.title")}</h1>
      <p className="lead">{t("share.lead")}</p>
      <ActionAlert except={rows.map((r) => r.projectId)} />
      {rows.length === 0 ? (
        <p className="empty-state">{t("share.empty")}</p>
      ) : (
        <ul className="queue">
          {rows.map((r) => (
            <li key={r.projectId} className="card">
              <h2 className="h3">
                <Link to={`/projects/${r.projectId}`}>{r.title}</Link>
              </h2>
              <p>
                <strong>{t(`share.state.${r.state}`)}</strong>
                {r.escalated ? ` · ${t("share.escalated")}` : ""}
                {r.revealDueAt && r.state !== "revealed" ? ` · ${t("share.dueAt", { dueAt: t.dateTime(r.revealDueAt) })}` : ""}
              </p>
              {r.commitment ? (
                <p>
                  {t("share.commitment")}: <code>{r.commitment}</code>
                </p>
              ) : null}
              {r.canCommit ? (
                <ValidatedForm schema={ShareCommitSchema} scope={r.projectId}>
                  <input type="hidden" name="intent" value="commit" />
                  <input type="hidden" name="projectId" value={r.projectId} />
                  <ShareMaker projectId={r.projectId} title={r.title} />
                  <SubmitButton>{t("share.commit")}</SubmitButton>
                </ValidatedForm>
              ) : null}
              {r.state === "awaitingReveal" || r.state === "overdue" ? (
                <ValidatedForm schema={ShareRevealSchema} scope={r.projectId}>
                  <input type="hidden" name="intent" value="reveal" />
                  <input type="hidden" name="projectId" value={r.projectId} />
                  <Field name="share" label={t("share.share")} hint={t("share.share.hint")} required maxLength={64} />
                  <SubmitButton>{t("share.reveal")}</SubmitButton>
                </ValidatedForm>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
