import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { PeriodText, SanctionBadge, SanctionStateBadge } from "~/components/trust";
import { translate } from "~/i18n";
import { useT } from "~/lib/i18n-react";
import { listItemOptions, regionNames } from "~/modules/catalogue/catalogue.server";
import { getSanction, liftSanction } from "~/modules/trust/sanctions.server";
import { LiftSchema } from "~/modules/trust/trust.schema";
import type { RootData } from "~/lib/root-data";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { parseForm } from "~/lib/forms";
import { requireOrgKind, notFound } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as RootData | undefined)?.locale ?? "zh-CN";
  return [
    {
      title: `${data ? `${data.sanction.subjectName} · ${translate(locale, `sanction.type.${data.sanction.type}`)}` : translate(locale, "errors.notFound")} · ${translate(locale, "app.name")}`,
    },
  ];
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  const sanction = await getSanction(context.db, params.id ?? "");
  if (!sanction) notFound();
  const [names, items] = await Promise.all([
    regionNames(
      context.db,
      sanction.scopeRegions.map((r) => r.trim()),
    ),
    listItemOptions(context.db),
  ]);
  const mayLift =
    context.viewer?.org?.kind === "regulator" &&
    sanction.issuedByOrgId === context.viewer.org.id &&
    sanction.state !== "lifted" &&
    sanction.state !== "ended";
  const { issuedByOrgId: _i, ...pub } = sanction;
  return { sanction: pub, names, items: items.filter((i) => sanction.scopeItems.includes(i.id)), mayLift };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const form = await readForm(request);
  form.set("id", params.id ?? "");
  const parsed = parseForm(LiftSchema, form);
  if (!parsed.ok) return invalid(parsed, { status: 200 });
  try {
    await liftSanction(context.db, viewer, parsed.data.id, parsed.data.reason);
    return redirect(`/sanctions/${parsed.data.id}?lifted=1`);
  } catch (e) {
    return domainErrorResponse(e);
  }
}

export default function SanctionPage() {
  const { sanction: s, names, items, mayLift } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const en = t.locale === "en";
  return (
    <article className="profile">
      <header className="profile-head">
        <p className="muted small">
          <Link to="/blacklist">{t("blacklist.title")}</Link> · <SanctionBadge type={s.type} /> <SanctionStateBadge state={s.state} />
        </p>
        <h1>{s.subjectName}</h1>
      </header>
      {params.get("lifted") && (
        <p className="alert alert-success" role="status">
          {t("sanction.liftedNotice")}
        </p>
      )}
      <dl className="facts" data-testid="sanction">
        <dt>{t("blacklist.col.type")}</dt>
        <dd>{t(`sanction.type.${s.type}`)}</dd>
        <dt>{t("sanction.subjects")}</dt>
        <dd>
          <ul className="plain-list">
            {s.subjects.map((x) => (
              <li key={x.creditCode}>
                {x.agencyId ? <Link to={`/agencies/${x.agencyId}`}>{x.name}</Link> : x.name} <code>{x.creditCode}</code> ·{" "}
                {t(`sanction.relation.${x.relation}`)}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t("sanction.grounds")}</dt>
        <dd className="prewrap">{s.grounds}</dd>
        <dt>{t("sanction.legalBasis")}</dt>
        <dd>{s.legalBasis}</dd>
        <dt>{t("sanction.decisionRef")}</dt>
        <dd>{s.decisionRef}</dd>
        {s.documentFileId && (
          <>
            <dt>{t("sanction.document")}</dt>
            <dd>
              <a href={`/files/${s.documentFileId}`}>{t("sanction.documentLink")}</a>
            </dd>
          </>
        )}
        <dt>{t("blacklist.col.issuer")}</dt>
        <dd>
          {s.source === "reciprocal" ? `${s.externalAuthority}（${t("sanction.reciprocalVia", { office: s.issuerName })}）` : s.issuerName}
        </dd>
        <dt>{t("blacklist.col.scope")}</dt>
        <dd>
          {s.scopeRegions.length === 0 ? t("sanction.scope.allRegions") : s.scopeRegions.map((r) => names[r.trim()] ?? r).join("、")}
          {" · "}
          {s.scopeItems.length === 0 ? t("sanction.scope.allItems") : items.map((i) => (en ? i.nameEn : i.nameZh)).join("、")}
        </dd>
        <dt>{t("blacklist.col.period")}</dt>
        <dd>
          <PeriodText startsAt={s.startsAt} endsAt={s.endsAt} />
        </dd>
        {s.liftedAt && (
          <>
            <dt>{t("sanction.lifted")}</dt>
            <dd>
              {t.dateTime(s.liftedAt)} · {s.liftedReason}
            </dd>
          </>
        )}
        {s.complaintId && (
          <>
            <dt>{t("sanction.fromComplaint")}</dt>
            <dd>
              <Link to="/complaints">{t("sanction.fromComplaintLink")}</Link>
            </dd>
          </>
        )}
      </dl>
      {mayLift && (
        <ValidatedForm schema={LiftSchema} className="form card section">
          <h2 className="h3">{t("sanction.lift")}</h2>
          <input type="hidden" name="id" value={s.id} />
          <TextAreaField name="reason" label={t("sanction.liftReason")} maxLength={2000} rows={3} />
          <SubmitButton className="button">{t("sanction.lift")}</SubmitButton>
        </ValidatedForm>
      )}
    </article>
  );
}
