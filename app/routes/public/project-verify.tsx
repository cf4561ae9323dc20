import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { drawBeaconOf } from "~/modules/procurement/beacon-draw.server";
import { configuredBeacon } from "~/modules/procurement/beacon.server";
import { QUICKNET } from "~/modules/procurement/beacon.rules";
import { getPublishedDraw } from "~/modules/procurement/selection.server";
import { drawShareOf } from "~/modules/procurement/share-draw.server";
import { shareState } from "~/modules/procurement/share.rules";
import {
  checkDraw,
  checkDrawV2,
  checkDrawV2Share,
  isDrawInputsV2,
  isDrawInputsV2Share,
  type CheckName,
  type ShareCheckName,
} from "~/modules/procurement/verify";
import { notFound } from "~/web/guards.server";

export const meta = titleMeta("verify.title");

const V2_CHECKS: CheckName[] = [
  "auditEvents",
  "commitment",
  "chain",
  "round",
  "signature",
  "list",
  "preimages",
  "seed",
  "ranking",
  "winner",
];

const SHARE_CHECKS: ShareCheckName[] = ["auditEvents", "commitment", "office", "share", "list", "preimages", "seed", "ranking", "winner"];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const inputs = await getPublishedDraw(context.db, id);
  const none = { pending: null, sharePending: null, v1: null, v2: null, share: null };
  if (!inputs) {
    // A v2 draw waiting for its round: say which, and when.
    const waiting = await drawBeaconOf(context.db, id).catch(() => null);
    if (waiting?.listHash && waiting.drawRound != null && !waiting.beaconSignature)
      return { ...none, projectId: id, pending: { round: waiting.drawRound, at: waiting.drawRoundAt!.toISOString() } };
    // A share draw waiting for the regulator office's reveal (decision 043): say until when, and if overdue.
    const shared = await drawShareOf(context.db, id).catch(() => null);
    if (shared?.listHash && !shared.share)
      return {
        ...none,
        projectId: id,
        sharePending: {
          state: shareState(shared, new Date()),
          dueAt: shared.revealDueAt ? new Date(shared.revealDueAt).toISOString() : null,
          committed: !!shared.commitment,
        },
      };
    notFound();
  }
  if (isDrawInputsV2Share(inputs)) {
    return { ...none, projectId: id, share: { check: checkDrawV2Share(inputs), listHash: inputs.list.hash } };
  }
  if (isDrawInputsV2(inputs)) {
    // The chains trusted here are the platform's own pinned configuration; the command line pins quicknet.
    const pinned = [QUICKNET, ...(configuredBeacon() ? [configuredBeacon()!.chain] : [])];
    const check = checkDrawV2(inputs, { pinnedChains: pinned });
    return {
      ...none,
      projectId: id,
      v2: {
        check,
        designated: Number(inputs.audit.published.data.designatedRound),
        round: inputs.beacon.round,
        listHash: inputs.list.hash,
      },
    };
  }
  return { ...none, projectId: id, v1: checkDraw(inputs) };
}

export default function VerifyDraw() {
  const { projectId, pending, sharePending, v1, v2, share } = useLoaderData<typeof loader>();
  const t = useT();
  const row = (ok: boolean, label: string, key?: string) => (
    <li key={key} className={ok ? "check-ok" : "check-bad"}>
      <span aria-hidden="true">{ok ? "✔" : "✘"}</span> {label}
    </li>
  );
  return (
    <>
      <h1>{share || sharePending ? t("share.verify.title") : v2 || pending ? t("draw.v2.title") : t("verify.title")}</h1>
      {pending ? <p className="lead">{t("draw.pending", { round: pending.round, at: t.dateTime(pending.at) })}</p> : null}
      {sharePending ? (
        <p className={sharePending.state === "overdue" || !sharePending.committed ? "alert" : "lead"} role="status">
          {!sharePending.committed
            ? t("share.pending.notCommitted")
            : sharePending.state === "overdue"
              ? t("share.pending.overdue", { dueAt: sharePending.dueAt ? t.dateTime(sharePending.dueAt) : "—" })
              : t("share.pending", { dueAt: sharePending.dueAt ? t.dateTime(sharePending.dueAt) : "—" })}
        </p>
      ) : null}
      {share ? (
        <>
          <p className="lead">{t("share.verify.lead")}</p>
          <ul className="plain-list checks" data-testid="checks">
            {SHARE_CHECKS.map((k) => row(share.check.checks[k], t(`share.verify.check.${k}`), k))}
          </ul>
          <p>{t("share.verify.facts", { listHash: share.listHash })}</p>
        </>
      ) : null}
      {v2 ? (
        <>
          <p className="lead">{t("draw.v2.lead")}</p>
          <ul className="plain-list checks" data-testid="checks">
            {V2_CHECKS.map((k) => row(v2.check.checks[k], t(`draw.v2.check.${k}`), k))}
          </ul>
          <p>{t("draw.v2.facts", { designated: v2.designated, round: v2.round, listHash: v2.listHash })}</p>
          {v2.check.delayed ? (
            <p className="alert" role="status">
              {t("draw.v2.delayed", { designated: v2.designated, round: v2.round })}
            </p>
          ) : null}
        </>
      ) : null}
      {v1 ? (
        <>
          <p className="lead">{t("verify.lead")}</p>
          <p>{t("draw.v1.note")}</p>
          <ul className="plain-list checks" data-testid="checks">
            {row(v1.commitmentMatches, t("verify.commitment"))}
            {row(v1.seedMatches, t("verify.seed"))}
            {row(v1.outcomeMatches, t("verify.outcome"))}
          </ul>
          <h2>{t("verify.algorithm")}</h2>
          <ol className="algorithm">
            <li>{t("verify.step1")}</li>
            <li>{t("verify.step2")}</li>
            <li>{t("verify.step3")}</li>
            <li>{t("verify.step4")}</li>
          </ol>
        </>
      ) : null}
      <h2>{t("draw.threat.title")}</h2>
      <ul>
        <li>{t("draw.threat.platform")}</li>
        <li>{t("draw.threat.database")}</li>
        <li>{t("draw.threat.agency")}</li>
        <li>{t("draw.threat.owner")}</li>
        <li>{t("draw.threat.beacon")}</li>
        {share || sharePending ? <li>{t("share.threat.office")}</li> : null}
        <li>{t("draw.threat.limit")}</li>
      </ul>
      <h2>{t("draw.source")}</h2>
      <p>
        {t("draw.source.hint")} <code>scripts/verify-draw.ts</code>, <code>app/modules/procurement/verify.ts</code> —{" "}
        <a href="/draw/verifier.txt">{t("draw.source")}</a>
      </p>
      <p>
        <code>
          npm run verify:draw -- {projectId} --url {"<"}site{">"}
        </code>
      </p>
      <p>
        {pending || sharePending ? null : (
          <>
            <a href={`/projects/${projectId}/draw.json`}>{t("selection.inputsJson")}</a> ·{" "}
          </>
        )}
        <Link to={`/projects/${projectId}`}>{t("verify.back")}</Link>
      </p>
    </>
  );
}
