// Display rules for a selection's ranking, shared by the page (client and server): no server imports.

/**
 * How a ranking row's score reads: its unit depends on the method (see RankingRow.score), so the page
 * shows points, a distance in money, or a credit score, never the stored integer.
 */
export type ScoreShown = { kind: "points"; points: number } | { kind: "distance"; fen: number } | { kind: "credit"; score: number };

export function scoreShown(method: string, score: number | undefined | null): ScoreShown | null {
  if (score === undefined || score === null) return null;
  if (method === "scored") return { kind: "points", points: score / 1000 };
  if (method === "averagePrice") return { kind: "distance", fen: score };
  if (method === "creditPreferred") return { kind: "credit", score };
  return null;
}
