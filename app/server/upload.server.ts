import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import type { Upload } from "./files.server";
import { MAX_UPLOAD_BYTES } from "./files.server";

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
      throw e;
    }
  } else {
    form = await request.formData();
  }
  const file = form.get(field);
  const upload = file && typeof file !== "string" && file.size > 0 ? { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name } : null;
  return { form, upload };
}
