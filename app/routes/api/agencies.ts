import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseForm } from "~/lib/forms";
import { DirectoryQuerySchema } from "~/modules/agencies/directory.schema";
import { searchAgencies } from "~/modules/agencies/directory.server";
import { beijingDate } from "~/lib/beijing-calendar";

/** The directory for machines: the same filters as /agencies, as JSON. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const parsed = parseForm(DirectoryQuerySchema, new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ error: "invalid query", fieldErrors: parsed.fieldErrors }, { status: 400 });
  const page = await searchAgencies(context.db, parsed.data, beijingDate(new Date()));
  return Response.json({ query: parsed.data, ...page }, { headers: { "Cache-Control": "public, max-age=30" } });
}
