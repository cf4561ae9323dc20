import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseForm } from "~/lib/forms";
import { BlacklistQuerySchema } from "~/modules/trust/blacklist.schema";
import { lastDay, sanctionState } from "~/modules/trust/sanctions.rules";
import { csvLine } from "~/lib/csv";
import { publicSanctionsQuery } from "~/modules/trust/sanctions.server";
import { beijingDate } from "~/lib/beijing-calendar";

const HEADER = [
  "id",
  "type",
  "state",
  "subject_name",
  "credit_code",
  "affiliates",
  "scope_regions",
  "scope_items",
  "starts_on",
  "ends_on",
  "lifted_at",
  "issuer",
  "source",
  "decision_ref",
  "legal_basis",
  "grounds",
];

/** The public blacklist as CSV (UTF-8 with BOM, for spreadsheets), streamed in pages of 500. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const parsed = parseForm(BlacklistQuerySchema, new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ error: "invalid query", fieldErrors: parsed.fieldErrors }, { status: 400 });
  const now = new Date();
  const encoder = new TextEncoder();
  let offset = 0;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(HEADER)}`));
        return;
      }
      const rows = await publicSanctionsQuery(context.db, { ...parsed.data }, now)
        .limit(500)
        .offset(offset)
        .execute();
      offset += rows.length;
      let chunk = "";
      for (const s of rows) {
        const subject = s.subjects.find((x) => x.relation === "subject");
        const affiliates = s.subjects
          .filter((x) => x.relation !== "subject")
          .map((x) => `${x.creditCode}:${x.relation}`)
          .join(" ");
        chunk += csvLine([
          s.id,
          s.type,
          sanctionState(s, now),
          s.subjectName,
          subject?.creditCode ?? "",
          affiliates,
          s.scopeRegions.join(" "),
          s.scopeItems.join(" "),
          beijingDate(s.startsAt),
          lastDay(s.endsAt) ?? "",
          s.liftedAt?.toISOString() ?? "",
          s.source === "reciprocal" ? s.externalAuthority : s.issuerName,
          s.source,
          s.decisionRef,
          s.legalBasis,
          s.grounds,
        ]);
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (rows.length < 500) controller.close();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="blacklist-${now.toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "public, max-age=60",
    },
  });
}
