import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AwardSection } from "~/components/project/award";
import { BidsSection } from "~/components/project/bids";
import { ContractSection } from "~/components/project/contract";
import { ProjectHeader } from "~/components/project/header";
import { ProjectNotice } from "~/components/project/notice";
import { ContractPayments } from "~/components/project/payments";
import { QuestionsSection } from "~/components/project/questions";
import { SelectionSection } from "~/components/project/selection";
import { ProjectTrustSection } from "~/components/project/trust";
import { translate } from "~/i18n";
import type { FieldErrors } from "~/lib/forms";
import { useViewer } from "~/lib/i18n-react";
import { withUploadedDocument } from "~/modules/procurement/attachments.server";
import { getProjectPage } from "~/modules/procurement/project-view.server";
import { ProjectIdSchema } from "~/modules/procurement/projects.schema";
import type { RootData } from "~/root";
import { domainErrorResponse } from "~/web/actions.server";
import { badRequest, notFound, requireViewer } from "~/web/guards.server";
import { agencyIntents } from "~/web/project-actions/agency.server";
import { ownerIntents } from "~/web/project-actions/owner.server";
import { regulatorIntents } from "~/web/project-actions/regulator.server";
import type { ProjectAction } from "~/web/project-actions/shared.server";
import { readFormWithUpload } from "~/web/upload.server";

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as RootData | undefined)?.locale ?? "zh-CN";
  return [{ title: `${d?.view.project.title ?? translate(locale, "errors.notFound")} · ${translate(locale, "app.name")}` }];
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  const page = await getProjectPage(context.db, context.viewer, params.id ?? "");
  if (!page) notFound();
  const { auditHead, ...shown } = page;
  // An anonymous page may be kept by the page cache, under the audit head of the record it shows.
  if (context.pageCache) context.pageCache.auditHead = auditHead;
  return { ...shown, stripe: !!context.payments.stripe };
}

/** Every form on the page posts here; its intent names the audience that may send it and what it does. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const id = params.id ?? "";
  // A malformed id names no project (and must never reach a uuid column).
  if (!ProjectIdSchema.safeParse(id).success) notFound();
  const read = await readFormWithUpload(request);
  if ("tooLarge" in read) return data({ fieldErrors: { document: ["errors.file.tooLarge"] } as FieldErrors, values: {} }, { status: 413 });
  const { form, upload } = read;
  const a: ProjectAction = {
    context,
    viewer,
    id,
    form,
    withDocument: (run) => withUploadedDocument(context.db, context.files, viewer, upload, run),
    back: (notice) => redirect(`/projects/${id}?${notice}`),
  };
  const intent = String(form.get("intent") ?? "");
  try {
    switch (intent) {
      case "bid":
      case "withdraw":
      case "ask":
      case "object":
      case "escalate":
      case "abandon":
      case "deliver":
      case "reply":
        return await agencyIntents[intent](a);
      case "answer":
      case "complete":
      case "answerObjection":
      case "sign":
      case "accept":
      case "return":
      case "fund":
      case "milestones":
      case "acceptMilestone":
      case "offline":
      case "terminate":
      case "copy":
        return await ownerIntents[intent](a);
      case "rate":
      case "orderRefund":
        return await regulatorIntents[intent](a);
      case "review":
        // The owner reviews the agency; the agency reviews the owner (each on its own dimensions).
        return await (viewer.org?.kind === "agency" ? agencyIntents.review(a) : ownerIntents.review(a));
      default:
        badRequest();
    }
  } catch (e) {
    return domainErrorResponse(e, Object.fromEntries([...form].filter(([, v]) => typeof v === "string")));
  }
}

export default function ProjectPage() {
  const { view, trust, payments, stripe } = useLoaderData<typeof loader>();
  const viewerKind = useViewer()?.orgKind;
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors = actionData && typeof actionData === "object" && "fieldErrors" in actionData ? (actionData.fieldErrors as FieldErrors) : {};
  const formParams = actionData && typeof actionData === "object" && "formParams" in actionData ? (actionData.formParams as Record<string, string | number>) : {};
  const values = actionData && typeof actionData === "object" && "values" in actionData ? (actionData.values as Record<string, unknown>) : {};
  const answer = { errors, params: formParams };
  const p = view.project;
  const contractOpen = !!view.contract && ["signed", "delivered"].includes(view.contract.status);
  return (
    <article className="project">
      <ProjectHeader view={view} answer={answer} />
      <ProjectNotice view={view} />
      <BidsSection view={view} eligibility={trust.eligibility} answer={answer} />
      <QuestionsSection view={view} errors={errors} />
      <SelectionSection view={view} errors={errors} />
      <AwardSection view={view} errors={errors} />
      <ContractSection view={view} errors={errors} />
      {view.contract && payments && <ContractPayments p={payments} stripe={stripe} isOwner={view.isOwner} isRegulator={viewerKind === "regulator"} contractOpen={contractOpen} projectId={p.id} errors={errors} params={formParams} />}
      {(view.contract || trust.complaints.length > 0 || trust.mayComplain) && <ProjectTrustSection trust={trust} errors={errors} values={values} isOwner={view.isOwner} contractOpen={contractOpen} projectId={p.id} />}
    </article>
  );
}
