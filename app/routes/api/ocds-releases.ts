import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseForm } from "~/lib/forms";
import { FeedQuerySchema } from "~/modules/opendata/ocds.schema";
import { openDataConfig, releaseFeedPage } from "~/modules/opendata/ocds.server";

/**
 * The change feed (OCDS release package): the releases after the cursor `after`, oldest first, with
 * `links.next` to continue (or to poll later when the page was short).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseForm(FeedQuerySchema, url.searchParams);
  if (!parsed.ok) return Response.json({ error: "invalid query", fieldErrors: parsed.fieldErrors }, { status: 400 });
  const cfg = openDataConfig(request);
  const self = new URL(`${cfg.baseUrl}/ocds/releases`);
  self.searchParams.set("after", String(parsed.data.after));
  self.searchParams.set("limit", String(parsed.data.limit));
  const page = await releaseFeedPage(context.db, cfg, { ...parsed.data, selfUrl: self.toString() });
  return Response.json(page.package, { headers: { "Cache-Control": "public, max-age=30" } });
}
