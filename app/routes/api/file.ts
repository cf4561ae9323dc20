import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { log } from "~/server/log.server";
import { getDocumentForViewer } from "~/modules/agencies/qualifications.server";
import { getBidDocumentFile } from "~/modules/procurement/bid-documents.server";
import { getTrustDocument } from "~/modules/trust/sanctions.server";
import { notFound } from "~/web/guards.server";

/**
 * Uploaded documents, for those allowed to see them. Served with the type sniffed at upload, never
 * executed: no sniffing, a sandboxing CSP, and no caching by shared caches.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const file =
    (await getDocumentForViewer(context.db, context.viewer, id)) ??
    (await getTrustDocument(context.db, context.viewer, id)) ??
    // A bid's response documents: its agency always; the owner and supervising regulators from the opening.
    (await getBidDocumentFile(context.db, context.viewer, id));
  if (!file) notFound();
  // A record without its bytes (a lost volume, an instance with its own disk) is an operator's problem, said clearly.
  if (!(await context.files.exists(file.storageKey))) {
    log.error("stored file missing", { fileId: file.id, dir: context.files.dir });
    throw new Response("Stored file missing", { status: 404 });
  }
  const ext = file.mime === "application/pdf" ? "pdf" : file.mime === "image/png" ? "png" : "jpg";
  const stream = Readable.toWeb(context.files.stream(file.storageKey)) as ReadableStream<Uint8Array>;
  return new Response(stream, {
    headers: {
      "Content-Type": file.mime,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": `inline; filename="document.${ext}"; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; object-src 'self'; plugin-types application/pdf; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
