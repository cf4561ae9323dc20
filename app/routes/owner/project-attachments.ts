import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { addAttachment } from "~/modules/procurement/attachments.server";
import { AttachmentSchema } from "~/modules/procurement/projects.schema";
import { domainErrorResponse } from "~/web/actions.server";
import { MAX_UPLOAD_BYTES } from "~/server/files.server";
import { requireOrgKind } from "~/web/guards.server";
import { FormTooLargeError, readMultipartForm } from "~/web/upload.server";

/** Adds a document to a draft notice (multipart; at most 10 MB; PDF, JPG or PNG by content). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "owner");
  const back = (q: string) => redirect(`/owner/projects/${encodeURIComponent(params.id ?? "")}?${q}`);
  let form: FormData;
  try {
    form = await readMultipartForm(request);
  } catch (e) {
    if (e instanceof FormTooLargeError) return back("attachmentError=errors.file.tooLarge");
    throw e;
  }
  const sent = form.get("document");
  if (sent && typeof sent !== "string" && sent.size > MAX_UPLOAD_BYTES) return back("attachmentError=errors.file.tooLarge");
  const parsed = AttachmentSchema.safeParse({ title: form.get("title"), confidential: form.get("confidential") ?? undefined });
  if (!parsed.success) return back("attachmentError=errors.required");
  const file = form.get("document");
  const upload = file && typeof file !== "string" ? { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name } : null;
  try {
    await addAttachment(
      context.db,
      context.files,
      viewer,
      params.id ?? "",
      { title: parsed.data.title, confidential: !!parsed.data.confidential },
      upload,
    );
    return back("attached=1");
  } catch (e) {
    const r = domainErrorResponse(e);
    const key = (r.data as { fieldErrors: Record<string, string[]> }).fieldErrors;
    return back(`attachmentError=${encodeURIComponent(Object.values(key)[0]?.[0] ?? "errors.unexpected")}`);
  }
}

export async function loader({ params }: ActionFunctionArgs) {
  return redirect(`/owner/projects/${encodeURIComponent(params.id ?? "")}`);
}
