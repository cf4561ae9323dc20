import type { Upload } from "~/server/files.server";
import { MAX_UPLOAD_BYTES } from "~/server/files.server";
import {
  FORM_LIMITS,
  FormLimitError,
  UPLOAD_LIMIT_BYTES,
  bodyLimitsFor,
  checkFormEntries,
  countingStream,
  localeOf,
  refusal,
  type BodyLimits,
} from "./body-limits.server";

/** A body that is not a form (another content type, broken multipart framing) is the sender's mistake: 400. */
export function unreadableForm(request?: Request): Response {
  return refusal("badForm", localeOf(request?.headers.get("cookie")));
}

export class FormTooLargeError extends Error {
  constructor() {
    super("form too large");
  }
}

/**
 * Reads a request's form within `limits`: the bytes and the fields are counted as the body streams in,
 * before anything parses it (so a body without Content-Length is bounded too); names and values are
 * checked in one pass after. The request's own stream is never cancelled on a refusal — that destroyed
 * the socket before the answer was out (EPIPE at the client) —: the rest of the body is dropped after the
 * answer (unread-body.server.ts). Throws FormTooLargeError (bytes), FormLimitError (fields, names,
 * values) or the 400 answer. The platform's own parser is used: Remix's unstable_parseMultipartFormData
 * refuses a file whose name holds "=" or ";", so "报告=终稿.pdf" could not be uploaded.
 */
async function readLimitedForm(request: Request, limits: BodyLimits): Promise<FormData> {
  if (Number(request.headers.get("content-length") ?? 0) > limits.bytes) throw new FormTooLargeError();
  const counter = countingStream(limits, request.headers.get("content-type"));
  const limited = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body ? request.body.pipeThrough(counter, { preventCancel: true }) : null,
    duplex: "half",
  } as RequestInit);
  let form: FormData;
  try {
    form = await limited.formData();
  } catch (e) {
    // The counter's refusal reaches formData() as its stream's error, sometimes wrapped.
    const cause = e instanceof FormLimitError ? e : (e as { cause?: unknown } | null)?.cause;
    if (cause instanceof FormLimitError) throw cause.over === "bytes" ? new FormTooLargeError() : cause;
    throw unreadableForm(request);
  }
  const problem = checkFormEntries(form, limits);
  if (problem) throw problem;
  return form;
}

/** The request's form (urlencoded or multipart) within its route kind's limits; over them it answers 413, a body that is not a form 400. */
export async function readForm(
  request: Request,
  limits = bodyLimitsFor(new URL(request.url).pathname, request.headers.get("content-type")),
): Promise<FormData> {
  try {
    return await readLimitedForm(request, limits);
  } catch (e) {
    if (e instanceof FormTooLargeError || e instanceof FormLimitError)
      throw refusal("tooLarge", localeOf(request.headers.get("cookie")), limits);
    throw e;
  }
}

/**
 * Reads a multipart form, refusing (FormTooLargeError) a body larger than one file of MAX_UPLOAD_BYTES and
 * the form's other fields, and (413) one with more fields, or longer names or values, than forms have.
 */
export async function readMultipartForm(request: Request, maxBytes = UPLOAD_LIMIT_BYTES): Promise<FormData> {
  const limits = { ...FORM_LIMITS, bytes: maxBytes };
  try {
    return await readLimitedForm(request, limits);
  } catch (e) {
    if (e instanceof FormLimitError) throw refusal("tooLarge", localeOf(request.headers.get("cookie")), limits);
    throw e;
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

/** The non-empty files a form carries under the given field names (several per field for `multiple`), in form order. */
export async function filesOf(form: FormData, fields: readonly string[]): Promise<{ field: string; upload: Upload }[]> {
  const out: { field: string; upload: Upload }[] = [];
  for (const [field, value] of form) {
    if (!fields.includes(field) || typeof value === "string" || value.size === 0) continue;
    out.push({ field, upload: { bytes: new Uint8Array(await value.arrayBuffer()), name: value.name } });
  }
  return out;
}
