import type { LoaderFunctionArgs } from "@remix-run/node";
import { projectAuditTrail } from "~/modules/audit/project-audit.server";

/** A project's audit events with the exact bodies hashed: hash = SHA-256(prevHash + "\n" + canonicalJson(body)). */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const trail = await projectAuditTrail(context.db, context.viewer, params.id ?? "");
  if (!trail) return Response.json({ error: "not found" }, { status: 404 });
  return Response.json(
    { algorithm: 'sha256(prevHash + "\\n" + canonicalJson(body)), canonical JSON = sorted keys, no white space', ...trail },
    { headers: { "Cache-Control": "no-store" } },
  );
}
