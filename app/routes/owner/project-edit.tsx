import { randomUUID } from "node:crypto";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import {
  ActionAlert,
  ActionForm,
  Checkbox,
  CheckboxField,
  Field,
  FileField,
  SelectField,
  SubmitButton,
  TextAreaField,
  ValidatedForm,
} from "~/components/form";
import { RegionSelect } from "~/components/region-select";
import { parseForm } from "~/lib/forms";
import { fenToYuanInput } from "~/lib/money";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { groupRegions, listItemOptions, listRegionOptions } from "~/modules/catalogue/catalogue.server";
import { SELECTION_METHODS } from "~/modules/procurement/projects.rules";
import { CANCEL_GROUNDS, isCancellableStage } from "~/modules/procurement/amendments.rules";
import { AttachmentSchema, CancelProjectSchema, ProjectSchema, PublishSchema } from "~/modules/procurement/projects.schema";
import { listAttachments } from "~/modules/procurement/attachments.server";
import {
  cancelProject,
  createProject,
  getOwnerProject,
  publishProject,
  reviseProject,
  updateDraft,
} from "~/modules/procurement/projects.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind, notFound } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";
import { beijingDateTimeLocal } from "~/lib/beijing-calendar";
import { TermProblems, useTermProblems } from "~/components/term-problems";
import { projectTermProblems } from "~/modules/procurement/terms.server";

export const meta = titleMeta("projectForm.title.edit");

const toBeijingInput = (d: Date | string | null) => (d ? beijingDateTimeLocal(new Date(d)) : "");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "owner");
  const project = params.id === "new" ? null : await getOwnerProject(context.db, viewer, params.id ?? "");
  if (params.id !== "new" && !project) notFound();
  const [items, regionOptions, attachments, terms] = await Promise.all([
    listItemOptions(context.db),
    listRegionOptions(context.db, [project?.regionCode, viewer.org.regionCode]),
    project ? listAttachments(context.db, viewer, project.id) : Promise.resolve([]),
    // A draft saved under an earlier rule set may break the one in force: shown before the owner publishes.
    project?.status === "draft" ? projectTermProblems(context.db, project) : Promise.resolve(null),
  ]);
  return {
    project,
    attachments,
    terms,
    items: items.map((i) => ({ id: i.id, nameZh: i.nameZh, nameEn: i.nameEn })),
    regions: groupRegions(regionOptions),
    ownerRegion: viewer.org.regionCode,
    // A fresh key per form view: a retried publish carries the same key and publishes once.
    publishKey: randomUUID(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "owner");
  const form = await readForm(request);
  const intent = form.get("intent");
  const scope = intent === "publish" || intent === "cancel" ? intent : "save";
  try {
    if (intent === "publish") {
      const parsed = parseForm(PublishSchema, form);
      if (!parsed.ok) return invalid(parsed, { scope });
      await publishProject(context.db, viewer, params.id ?? "", parsed.data.publishKey);
      return redirect(`/projects/${encodeURIComponent(params.id ?? "")}?published=1`);
    }
    if (intent === "cancel") {
      const parsed = parseForm(CancelProjectSchema, form);
      if (!parsed.ok) return invalid(parsed, { scope, status: 200 });
      await cancelProject(context.db, viewer, params.id ?? "", parsed.data);
      return redirect(`/projects/${encodeURIComponent(params.id ?? "")}`);
    }
    const parsed = parseForm(ProjectSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    if (params.id === "new") {
      const { id } = await createProject(context.db, viewer, parsed.data);
      return redirect(`/owner/projects/${id}?saved=1`);
    }
    const project = await getOwnerProject(context.db, viewer, params.id ?? "");
    if (project?.status === "bidding") {
      await reviseProject(context.db, viewer, params.id ?? "", parsed.data);
      return redirect(`/projects/${encodeURIComponent(params.id ?? "")}`);
    }
    await updateDraft(context.db, viewer, params.id ?? "", parsed.data);
    return redirect(`/owner/projects/${encodeURIComponent(params.id ?? "")}?saved=1`);
  } catch (e) {
    return domainErrorResponse(e, Object.fromEntries([...form].filter(([, v]) => typeof v === "string")), scope);
  }
}

export default function ProjectEdit() {
  const { project, attachments, items, regions, ownerRegion, publishKey, terms } = useLoaderData<typeof loader>();
  const t = useT();
  const termProblems = useTermProblems(terms?.problems ?? []);
  const [params] = useSearchParams();
  const en = t.locale === "en";
  const p = project;
  const revising = p?.status === "bidding";
  const title = !p ? "projectForm.title.new" : revising ? "projectForm.title.revise" : "projectForm.title.edit";
  const cancellable = !!p && isCancellableStage(p.status);
  return (
    <div className="narrow">
      <h1>{t(title)}</h1>
      {params.get("saved") && (
        <p className="alert alert-success" role="status">
          {t("projectForm.saved")}
        </p>
      )}
      {revising && <p className="alert alert-error">{t("projectForm.revise.warning")}</p>}
      <ActionAlert except={["save", cancellable && "cancel"]} />
      {terms && terms.problems.length > 0 && (
        <p className="alert alert-error" role="alert">
          {t("terms.problems.stored", { version: terms.version, count: terms.problems.length })}
        </p>
      )}
      <ValidatedForm schema={ProjectSchema} intent="save" scope="save">
        <Field name="title" label={t("projectForm.title")} required defaultValue={p?.title ?? ""} maxLength={200} />
        <TermProblems field="title" problems={termProblems} />
        <SelectField name="serviceItemId" label={t("projectForm.item")} required defaultValue={p ? String(p.serviceItemId) : ""}>
          <option value="">{t("agencies.filter.anyItem")}</option>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {en ? i.nameEn : i.nameZh}
            </option>
          ))}
        </SelectField>
        <RegionSelect name="regionCode" label={t("projectForm.region")} groups={regions} defaultValue={p?.regionCode ?? ownerRegion} />
        <TextAreaField
          name="description"
          label={t("projectForm.description")}
          hint={t("projectForm.description.hint")}
          defaultValue={p?.description ?? ""}
          rows={5}
        />
        <TermProblems field="description" problems={termProblems} />
        <TextAreaField name="deliverables" label={t("projectForm.deliverables")} defaultValue={p?.deliverables ?? ""} rows={3} />
        <TermProblems field="deliverables" problems={termProblems} />
        <div className="two-col-tight">
          <Field
            name="priceCeiling"
            label={t("projectForm.ceiling")}
            required
            inputMode="decimal"
            defaultValue={p?.priceCeilingFen != null ? fenToYuanInput(p.priceCeilingFen) : ""}
          />
          <Field
            name="priceFloor"
            label={t("projectForm.floor")}
            inputMode="decimal"
            defaultValue={p?.priceFloorFen != null ? fenToYuanInput(p.priceFloorFen) : ""}
          />
        </div>
        <CheckboxField name="governmentFunded" label={t("projectForm.governmentFunded")} defaultChecked={p?.governmentFunded ?? false} />
        <SelectField name="selectionMethod" label={t("projectForm.method")} required defaultValue={p?.selectionMethod ?? "lowestPrice"}>
          {SELECTION_METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`method.${m}`)}
            </option>
          ))}
        </SelectField>
        <div className="two-col-tight">
          <Field
            name="priceWeight"
            type="number"
            label={t("projectForm.priceWeight")}
            defaultValue={p?.priceWeight != null ? String(p.priceWeight) : ""}
          />
          <Field
            name="technicalWeight"
            type="number"
            label={t("projectForm.technicalWeight")}
            defaultValue={p?.technicalWeight != null ? String(p.technicalWeight) : ""}
          />
          <Field
            name="creditWeight"
            type="number"
            label={t("projectForm.creditWeight")}
            hint={t("projectForm.weights.hint")}
            defaultValue={p?.creditWeight != null ? String(p.creditWeight) : ""}
          />
        </div>
        <div className="two-col-tight">
          <Field
            name="bidDeadline"
            type="datetime-local"
            label={t("projectForm.deadline")}
            required
            defaultValue={toBeijingInput(p?.bidDeadline ?? null)}
          />
          <Field
            name="expectedDays"
            type="number"
            label={t("projectForm.expectedDays")}
            required
            defaultValue={p?.expectedDays != null ? String(p.expectedDays) : ""}
          />
        </div>
        <SubmitButton>{t(revising ? "projectForm.saveRevision" : "projectForm.save")}</SubmitButton>
      </ValidatedForm>
      {p && (
        <section className="section" aria-labelledby="attachments">
          <h2 id="attachments">{t("attachments.title")}</h2>
          {params.get("attached") && (
            <p className="alert alert-success" role="status">
              {t("attachments.added")}
            </p>
          )}
          {params.get("attachmentError") && (
            <p className="alert alert-error" role="alert">
              {t(params.get("attachmentError")!)}
            </p>
          )}
          {attachments.length === 0 ? (
            <p className="muted">{t("attachments.none")}</p>
          ) : (
            <ul className="plain-list">
              {attachments.map((a) => (
                <li key={a.id}>
                  <a href={`/files/${a.fileId}`}>{a.title}</a>{" "}
                  {a.confidential && <span className="badge badge-muted">{t("attachments.confidential")}</span>}
                </li>
              ))}
            </ul>
          )}
          {p.status === "draft" && (
            // Its action answers with a redirect back here: a refusal arrives as attachmentError above.
            <ValidatedForm
              schema={AttachmentSchema}
              action={`/owner/projects/${p.id}/attachments`}
              encType="multipart/form-data"
              scope="attachment"
            >
              <Field name="title" label={t("attachments.name")} required maxLength={200} />
              <FileField name="document" label={t("attachments.file")} accept="application/pdf,image/jpeg,image/png" />
              <Checkbox name="confidential" label={t("attachments.markConfidential")} />
              <SubmitButton className="button">{t("attachments.add")}</SubmitButton>
            </ValidatedForm>
          )}
        </section>
      )}
      {p?.status === "draft" && (
        <ActionForm intent="publish" hidden={{ publishKey }} className="form section">
          <p className="hint">{t("projectForm.publish.hint")}</p>
          <button type="submit" className="button button-primary">
            {t("projectForm.publish")}
          </button>
        </ActionForm>
      )}
      {cancellable && (
        <ValidatedForm schema={CancelProjectSchema} intent="cancel" scope="cancel" className="form section">
          <p className="hint">{t("projectForm.cancel.hint")}</p>
          <SelectField name="ground" label={t("projectForm.cancelGround")} required>
            <option value="">{t("projectForm.cancelGround.choose")}</option>
            {CANCEL_GROUNDS.map((g) => (
              <option key={g} value={g}>
                {t(`cancel.ground.${g}`)}
              </option>
            ))}
          </SelectField>
          <TextAreaField name="explanation" label={t("projectForm.cancelExplanation")} maxLength={1000} rows={3} />
          <SubmitButton className="button">{t("projectForm.cancel")}</SubmitButton>
        </ValidatedForm>
      )}
    </div>
  );
}
