import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPublishedDraw } from "~/modules/procurement/selection.server";

/** Every input of a project's draw, for anyone to recompute it (npm run verify:draw; verify.ts). */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const inputs = await getPublishedDraw(context.db, params.id ?? "");
  if (!inputs) return Response.json({ error: "no revealed draw for this project" }, { status: 404 });
  return Response.json(inputs, { headers: { "Cache-Control": "public, max-age=60" } });
}
