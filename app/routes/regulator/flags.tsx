import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import type { FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { FLAGS } from "~/modules/oversight/flags.rules";
import { flagSettings, saveFlagSetting } from "~/modules/oversight/flags.server";
import { domainErrorResponse } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("flags.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  return { settings: await flagSettings(context.db), isAdmin: viewer.role === "admin" };
}

const Num = z.coerce.number({ invalid_type_error: "errors.flag.param" }).finite("errors.flag.param").min(0, "errors.flag.param").max(1_000_000, "errors.flag.param");

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const form = await readForm(request);
  const code = String(form.get("flag") ?? "");
  const def = FLAGS.find((f) => f.code === code);
  if (!def) throw new Response("Bad request", { status: 400 });
  const params: Record<string, number> = {};
  const fieldErrors: FieldErrors = {};
  for (const key of Object.keys(def.defaults)) {
    const r = Num.safeParse(form.get(key));
    if (r.success) params[key] = r.data;
    else fieldErrors[key] = [r.error.issues[0]!.message];
  }
  if (Object.keys(fieldErrors).length) return data({ flag: code, fieldErrors }, { status: 400 });
  try {
    await saveFlagSetting(context.db, viewer, code, { enabled: form.get("enabled") === "on", params });
    return redirect(`/regulator/flags?saved=${code}#${code}`);
  } catch (e) {
    // The refusal keeps its status (403 for an office member who is not its administrator).
    const r = domainErrorResponse(e);
    return data({ flag: code, fieldErrors: r.data.fieldErrors as FieldErrors }, { status: r.init?.status ?? 400 });
  }
}

export default function Flags() {
  const { settings, isAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <h1>{t("flags.title")}</h1>
      <p className="lead">{t("flags.lead")}</p>
      {params.get("saved") && <p className="alert alert-success" role="status">{t("flags.saved", { name: t(`flag.${params.get("saved")}.name`) })}</p>}
      {!isAdmin && <p className="alert alert-error">{t("rules.adminOnly")}</p>}
      <ul className="queue">
        {FLAGS.map((f) => {
          const s = settings[f.code];
          const errors = actionData && actionData.flag === f.code ? actionData.fieldErrors : {};
          return (
            <li key={f.code} id={f.code} className="card">
              <h2 className="h3">{t(`flag.${f.code}.name`)} <span className="muted small">{f.code} · {t(`risk.subject.${f.level}`)}</span></h2>
              <p className="small">{t(`flag.${f.code}.formula`)}</p>
              <Form method="post" className="inline-form flag-form">
                <input type="hidden" name="flag" value={f.code} />
                <label className="checkbox"><input type="checkbox" name="enabled" defaultChecked={s.enabled} /> {t("rules.enabled")}</label>
                {Object.keys(f.defaults).map((k) => (
                  <span key={k} className={`field${errors[k] ? " field-invalid" : ""}`}>
                    <label htmlFor={`${f.code}-${k}`}>{t(`flag.param.${k}`)}</label>
                    <input id={`${f.code}-${k}`} name={k} inputMode="decimal" defaultValue={String(s.params[k])} size={8} />
                    {errors[k] && <span className="field-error">{t(errors[k][0]!)}</span>}
                  </span>
                ))}
                <button type="submit" className="button" disabled={!isAdmin}>{t("common.save")}</button>
              </Form>
            </li>
          );
        })}
      </ul>
    </>
  );
}
