import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Checkbox, Field, SubmitButton, ValidatedForm } from "~/components/form";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { FLAGS } from "~/modules/oversight/flags.rules";
import { flagSettings, saveFlagSetting } from "~/modules/oversight/flags.server";
import { flagSettingSchema } from "~/modules/oversight/oversight.schema";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind, badRequest } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("flags.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  return { settings: await flagSettings(context.db), isAdmin: viewer.role === "admin" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const form = await readForm(request);
  const code = String(form.get("flag") ?? "");
  const def = FLAGS.find((f) => f.code === code);
  if (!def) badRequest();
  const parsed = parseForm(flagSettingSchema(def), form);
  if (!parsed.ok) return invalid(parsed, { scope: code });
  try {
    await saveFlagSetting(context.db, viewer, code, parsed.data);
    return redirect(`/regulator/flags?saved=${code}#${code}`);
  } catch (e) {
    // The refusal keeps its status (403 for an office member who is not its administrator).
    return domainErrorResponse(e, {}, code);
  }
}

export default function Flags() {
  const { settings, isAdmin } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <h1>{t("flags.title")}</h1>
      <p className="lead">{t("flags.lead")}</p>
      {params.get("saved") && (
        <p className="alert alert-success" role="status">
          {t("flags.saved", { name: t(`flag.${params.get("saved")}.name`) })}
        </p>
      )}
      {!isAdmin && <p className="alert alert-error">{t("rules.adminOnly")}</p>}
      <ul className="queue">
        {FLAGS.map((f) => {
          const s = settings[f.code];
          return (
            <li key={f.code} id={f.code} className="card">
              <h2 className="h3">
                {t(`flag.${f.code}.name`)}{" "}
                <span className="muted small">
                  {f.code} · {t(`risk.subject.${f.level}`)}
                </span>
              </h2>
              <p className="small">{t(`flag.${f.code}.formula`)}</p>
              <ValidatedForm schema={flagSettingSchema(f)} scope={f.code} className="inline-form flag-form">
                <input type="hidden" name="flag" value={f.code} />
                <Checkbox name="enabled" label={t("rules.enabled")} defaultChecked={s.enabled} />
                {Object.keys(f.defaults).map((k) => (
                  <Field key={k} name={k} label={t(`flag.param.${k}`)} inputMode="decimal" defaultValue={String(s.params[k])} size={8} />
                ))}
                <SubmitButton className="button" disabled={!isAdmin}>
                  {t("common.save")}
                </SubmitButton>
              </ValidatedForm>
            </li>
          );
        })}
      </ul>
    </>
  );
}
