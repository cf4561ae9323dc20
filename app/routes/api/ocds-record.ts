import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataConfig, projectRecord } from "~/modules/opendata/ocds.server";

/** One contracting process (a project, by id or ocid) as an OCDS record package. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const cfg = openDataConfig(request);
  const id = params.id ?? "";
  const record = await projectRecord(context.db, cfg, id, `${cfg.baseUrl}/ocds/records/${encodeURIComponent(id)}`);
  if (!record) return Response.json({ error: "no published project with this id" }, { status: 404 });
  return Response.json(record, { headers: { "Cache-Control": "public, max-age=30" } });
}
