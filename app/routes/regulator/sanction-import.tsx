import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { ActionForm, FileField, SubmitButton, TextAreaField } from "~/components/form";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { importReciprocal } from "~/modules/trust/sanctions.server";
import { IMPORT_COLUMNS } from "~/modules/trust/trust.schema";
import { requireOrgKind } from "~/web/guards.server";
import { readFormWithUpload } from "~/web/upload.server";

export const meta = titleMeta("sanction.import");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireOrgKind(context, request, "regulator");
  return null;
}

const MAX_CSV_BYTES = 5 * 1024 * 1024;

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const read = await readFormWithUpload(request, "file");
  if ("tooLarge" in read)
    return data({ ok: false as const, errors: [{ line: 0, column: "", key: "errors.file.tooLarge" }] }, { status: 413 });
  const file = read.form.get("file");
  let text = String(read.form.get("csv") ?? "");
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_CSV_BYTES)
      return data({ ok: false as const, errors: [{ line: 0, column: "", key: "errors.file.tooLarge" }] }, { status: 413 });
    text = new TextDecoder("utf-8", { fatal: false }).decode(await file.arrayBuffer());
  }
  if (text.length > MAX_CSV_BYTES)
    return data({ ok: false as const, errors: [{ line: 0, column: "", key: "errors.file.tooLarge" }] }, { status: 413 });
  const r = await importReciprocal(context.db, viewer, text);
  return data(r, { status: r.ok ? 200 : 400 });
}

export default function ImportSanctions() {
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="narrow">
      <h1>{t("sanction.import")}</h1>
      <p className="lead">{t("sanction.importLead")}</p>
      <p className="small">
        {t("sanction.importColumns")}：<code>{IMPORT_COLUMNS.join(",")}</code>
      </p>
      <p className="small muted">{t("sanction.importColumnsHint")}</p>
      {result?.ok && (
        <p className="alert alert-success" role="status" data-testid="import-result">
          {t("sanction.imported", { imported: result.imported, skipped: result.skipped, onPlatform: result.onPlatform })}{" "}
          <Link to="/blacklist?state=all">{t("blacklist.title")}</Link>
        </p>
      )}
      {result && !result.ok && (
        <div className="alert alert-error" role="alert" data-testid="import-errors">
          <p>{t("sanction.importRefused")}</p>
          <ul>
            {result.errors.map((e, i) => (
              <li key={i}>{t("sanction.importError", { line: e.line, column: e.column, message: t(e.key) })}</li>
            ))}
          </ul>
        </div>
      )}
      {/* Either field may carry the list, and it is checked row by row on the server (errors above, by line). */}
      <ActionForm encType="multipart/form-data" className="form">
        <FileField name="file" label={t("sanction.importFile")} accept=".csv,text/csv" required={false} />
        <TextAreaField name="csv" label={t("sanction.importText")} rows={8} spellCheck={false} required={false} />
        <SubmitButton>{t("sanction.importSubmit")}</SubmitButton>
      </ActionForm>
    </div>
  );
}
