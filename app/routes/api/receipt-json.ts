import type { LoaderFunctionArgs } from "@remix-run/node";
import { getOwnReceipt } from "~/modules/procurement/bid-documents.server";
import { notFound } from "~/web/guards.server";

/** A bid receipt as JSON, for `npm run verify:draw -- --receipt` (the agency's own members only: 404 otherwise). */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await getOwnReceipt(context.db, context.viewer, params.id ?? "");
  if (!found) notFound();
  return new Response(`${JSON.stringify(found.receipt, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="receipt-${found.receipt.id}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
