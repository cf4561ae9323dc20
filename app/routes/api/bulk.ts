import type { LoaderFunctionArgs } from "@remix-run/node";
import { bulkStream, parseBulkFile } from "~/modules/opendata/bulk.server";
import { openDataConfig } from "~/modules/opendata/ocds.server";

/** Bulk downloads (/open-data/bulk/<dataset>.<jsonl|csv>), streamed page by page. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const file = parseBulkFile(params.file ?? "");
  if (!file) return Response.json({ error: "unknown file" }, { status: 404 });
  const now = new Date();
  const stream = bulkStream(context.db, file.dataset, file.format, openDataConfig(request), { now });
  return new Response(stream, {
    headers: {
      "Content-Type": file.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.dataset}-${now.toISOString().slice(0, 10)}.${file.format}"`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
