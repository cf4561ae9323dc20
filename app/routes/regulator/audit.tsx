import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ActionForm, SubmitButton } from "~/components/form";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { requireOrgKind } from "~/web/guards.server";

export const meta = titleMeta("audit.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireOrgKind(context, request, "regulator");
  return null;
}

/** Walks the whole chain on request (it reads every row, so it is not done on every visit). */
export async function action({ request, context }: ActionFunctionArgs) {
  requireOrgKind(context, request, "regulator");
  const started = Date.now();
  const r = await verifyAuditChain(context.db);
  return { ...r, ms: Date.now() - started };
}

export default function Audit() {
  const r = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="narrow">
      <h1>{t("audit.title")}</h1>
      <p className="lead">{t("audit.lead")}</p>
      <ActionForm>
        <SubmitButton>{t("audit.verify")}</SubmitButton>
      </ActionForm>
      {r && (
        <p className={`alert ${r.ok ? "alert-success" : "alert-error"}`} role="status" data-testid="audit-result">
          {r.ok
            ? t("audit.ok", { n: r.checked, ms: r.ms, hash: r.lastHash.slice(0, 16) })
            : t("audit.broken", { id: r.firstBroken!.id, reason: t(`audit.reason.${r.firstBroken!.reason}`), n: r.checked })}
        </p>
      )}
      <p className="small muted">{t("audit.cli")}</p>
    </div>
  );
}
