/**
 * Money is integer fen (分). People type yuan ("12,000.50", "¥3000"); this turns it into fen exactly,
 * without floating point, or says why it cannot.
 */
export const MAX_FEN = 1_000_000_000_000; // ¥10 billion: anything above is a typing error

export type MoneyProblem = "format" | "decimals" | "negative" | "tooLarge";

export function parseYuanToFen(input: string): { ok: true; fen: number } | { ok: false; problem: MoneyProblem } {
  const s = input
    .trim()
    .replace(/^[¥￥]\s*/, "")
    .replace(/[,，\s]/g, "");
  if (s.startsWith("-")) return { ok: false, problem: "negative" };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return { ok: false, problem: "format" };
  const decimals = m[2] ?? "";
  if (decimals.length > 2) return { ok: false, problem: "decimals" };
  const whole = m[1]!.replace(/^0+(?=\d)/, "");
  if (whole.length > 13) return { ok: false, problem: "tooLarge" };
  const fen = Number(whole) * 100 + Number(decimals.padEnd(2, "0"));
  if (fen > MAX_FEN) return { ok: false, problem: "tooLarge" };
  return { ok: true, fen };
}

/** "12000.5" style yuan for form fields (no grouping, no symbol). */
export function fenToYuanInput(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const rest = fen % 100;
  return rest ? `${yuan}.${String(rest).padStart(2, "0")}` : String(yuan);
}

/** A percentage typed as "0.5" or "1.25%" → basis points (1 bp = 0.01 %). */
export function parsePercentToBp(input: string): number | null {
  const s = input.trim().replace(/%$/, "").trim();
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}
