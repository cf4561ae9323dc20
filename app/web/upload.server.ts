import type { Upload } from "~/server/files.server";
import { MAX_UPLOAD_BYTES } from "~/server/files.server";

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

/** The room a form's other fields and the multipart framing may take beside the file. */
const FORM_OVERHEAD_BYTES = 256 * 1024;

export class FormTooLargeError extends Error {
  constructor() {
    super("form too large");
  }
}

/**
 * Reads a multipart form, refusing (FormTooLargeError) a body larger than one file of MAX_UPLOAD_BYTES and
 * the form's other fields — counted as it streams in, so a body without Content-Length is bounded too.
 * The platform's own parser is used: Remix's unstable_parseMultipartFormData refuses a file whose name
 * holds "=" or ";" (a "malformed content-disposition header"), so "报告=终稿.pdf" could not be uploaded.
 */
export async function readMultipartForm(request: Request, maxBytes = MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES): Promise<FormData> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw new FormTooLargeError();
  let seen = 0;
  let tooLarge = false;
  const counted = request.body?.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) {
          tooLarge = true;
          controller.error(new FormTooLargeError());
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  const limited = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: counted ?? null,
    duplex: "half",
  } as RequestInit);
  try {
    return await limited.formData();
  } catch (e) {
    if (tooLarge || e instanceof FormTooLargeError) throw new FormTooLargeError();
    throw unreadableForm();
  }
}

/**
 * Reads a form that may carry one file (field `document`): plain or multipart. A file over the limit is
 * reported (413) instead of thrown, so the route can put the message next to the field.
 */
export async function readFormWithUpload(
  request: Request,
  field = "document",
): Promise<{ form: FormData; upload: Upload | null } | { tooLarge: true }> {
  let form: FormData;
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    try {
      form = await readMultipartForm(request);
    } catch (e) {
      if (e instanceof FormTooLargeError) return { tooLarge: true };
      throw e;
    }
  } else {
    form = await readForm(request);
  }
  const file0 = form.get(field);
  if (file0 && typeof file0 !== "string" && file0.size > MAX_UPLOAD_BYTES) return { tooLarge: true };
  const file = form.get(field);
  const upload =
    file && typeof file !== "string" && file.size > 0 ? { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name } : null;
  return { form, upload };
}
