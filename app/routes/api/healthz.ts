import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";

export async function loader({ context }: LoaderFunctionArgs) {
  const headers = { "Cache-Control": "no-store" };
  try {
    await sql`select 1`.execute(context.db);
    return Response.json({ status: "ok", database: context.dbKind }, { headers });
  } catch {
    return Response.json({ status: "error", database: context.dbKind }, { status: 503, headers });
  }
}
