import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AwardSection, awardForms } from "~/components/project/award";
import { BidsSection, bidForms } from "~/components/project/bids";
import { ContractSection, contractForms } from "~/components/project/contract";
import { ProjectHeader } from "~/components/project/header";
import { ProjectNotice } from "~/components/project/notice";
import { ProcedureNotices } from "~/components/project/procedure-notices";
import { ContractPayments, paymentForms } from "~/components/project/payments";
import { QuestionsSection, questionForms } from "~/components/project/questions";
import { SelectionSection, selectionForms } from "~/components/project/selection";
import { ProjectTrustSection, trustForms } from "~/components/project/trust";
import { translate } from "~/i18n";
import type { FieldErrors } from "~/lib/forms";
import { useViewer } from "~/lib/i18n-react";
import { withUploadedDocument } from "~/modules/procurement/attachments.server";
import { getProjectPage } from "~/modules/procurement/project-view.server";
import { ProjectIdSchema } from "~/modules/procurement/projects.schema";
import type { RootData } from "~/lib/root-data";
import { domainErrorResponse } from "~/web/actions.server";
import { badRequest, notFound, requireViewer } from "~/web/guards.server";
import { agencyIntents } from "~/web/project-actions/agency.server";
import { ownerIntents } from "~/web/project-actions/owner.server";
import { regulatorIntents } from "~/web/project-actions/regulator.server";
import { scopeOf, textFields, type ProjectAction } from "~/web/project-actions/shared.server";
import { filesOf, readFormWithUpload } from "~/web/upload.server";

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
  // Nothing of the body was read, not even its intent: no form claims this, the page's alert shows it.
  if ("tooLarge" in read) return data({ fieldErrors: { _form: ["errors.file.tooLarge"] } as FieldErrors, values: {} }, { status: 413 });
  const { upload } = read;
  const form = textFields(read.form);
  const intent = String(form.get("intent") ?? "");
  const scope = scopeOf(intent, form);
  const a: ProjectAction = {
    context,
    viewer,
    id,
    form,
    scope,
    filesOf: (fields) => filesOf(read.form, fields),
    withDocument: (run) => withUploadedDocument(context.db, context.files, viewer, upload, run),
    back: (notice) => redirect(`/projects/${id}?${notice}`),
  };
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
    return domainErrorResponse(e, Object.fromEntries(form), scope);
  }
}

export default function ProjectPage() {
  const { view, trust, payments, notices, stripe } = useLoaderData<typeof loader>();
  const isRegulator = useViewer()?.orgKind === "regulator";
  const p = view.project;
  const contractOpen = !!view.contract && ["signed", "delivered"].includes(view.contract.status);
  const showPayments = !!view.contract && !!payments;
  const showTrust = !!view.contract || trust.complaints.length > 0 || trust.mayComplain;
  // Each form with fields shows its own refusal; the header shows the rest (a button's, or one whose form is gone).
  const claimed = [
    ...bidForms(view),
    ...questionForms(view),
    ...selectionForms(view),
    ...awardForms(view),
    ...contractForms(view),
    ...(showPayments ? paymentForms({ p: payments, isOwner: view.isOwner, isRegulator, contractOpen }) : []),
    ...(showTrust ? trustForms({ trust, isOwner: view.isOwner, contractOpen }) : []),
  ];
  return (
    <article className="project">
      <ProjectHeader view={view} claimed={claimed} />
      <ProjectNotice view={view} />
      <ProcedureNotices notices={notices} />
      <BidsSection view={view} eligibility={trust.eligibility} />
      <QuestionsSection view={view} />
      <SelectionSection view={view} />
      <AwardSection view={view} />
      <ContractSection view={view} />
      {showPayments && (
        <ContractPayments
          p={payments}
          stripe={stripe}
          isOwner={view.isOwner}
          isRegulator={isRegulator}
          contractOpen={contractOpen}
          projectId={p.id}
        />
      )}
      {showTrust && <ProjectTrustSection trust={trust} isOwner={view.isOwner} contractOpen={contractOpen} projectId={p.id} />}
    </article>
  );
}
