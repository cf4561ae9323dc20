import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import type { Upload } from "./files.server";
import { MAX_UPLOAD_BYTES } from "./files.server";

/** A body that is not a form (another content type, broken multipart framing) is the sender's mistake: 400. */
export function unreadableForm(): Response {
  return new Response("Bad request: the body is not a form / 请求内容不是表单", { status: 400 });
}

/** The request's form (urlencoded or multipart); a body that cannot be read as one answers 400, not 500. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw unreadableForm();
  }
}

/**
 * Reads a form that may carry one file (field `document`): plain or multipart. A file over the limit is
 * reported (413) instead of thrown, so the route can put the message next to the field.
 */
export async function readFormWithUpload(request: Request, field = "document"): Promise<{ form: FormData; upload: Upload | null } | { tooLarge: true }> {
  let form: FormData;
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    try {
      form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }));
    } catch (e) {
      if (e instanceof MaxPartSizeExceededError) return { tooLarge: true };
      throw unreadableForm();
    }
  } else {
    form = await readForm(request);
  }
  const file = form.get(field);
  const upload = file && typeof file !== "string" && file.size > 0 ? { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name } : null;
  return { form, upload };
}
