import { describe, expect, it } from "vitest";
import { evaluateFlags, rankRisks, type FlagCode, type FlagHit } from "~/modules/oversight/flags.rules";
import { awardedTo, bid, dataset, day, tender } from "./fixtures";

function hit(flag: FlagCode, subjectType: FlagHit["subjectType"], subjectId: string, projectIds: string[], agencyIds: string[]): FlagHit {
  return { flag, subjectType, subjectId, projectIds, agencyIds, valueFen: 0, facts: {} };
}
const project = (flag: FlagCode, id: string, agencyIds: string[] = []) => hit(flag, "project", id, [id], agencyIds);
const values = (m: Record<string, number>) => (id: string) => m[id] ?? 0;
const brief = (rows: ReturnType<typeof rankRisks>) => rows.map((r) => `${r.subjectType}:${r.subjectId}`);

describe("rankRisks", () => {
  it("ranks a project with two hits and a bigger award above one with one hit", () => {
    const rows = rankRisks([project("R018", "p2"), project("R003", "p1"), project("R024", "p1")], values({ p1: 600_000, p2: 500_000 }));
    expect(rows).toEqual([
      { subjectType: "project", subjectId: "p1", hits: 2, flags: ["R003", "R024"], valueFen: 600_000, score: 12_000 },
      { subjectType: "project", subjectId: "p2", hits: 1, flags: ["R018"], valueFen: 500_000, score: 5_000 },
    ]);
  });

  it("scores hits × value in yuan, so one hit on a large award can outrank two on a small one", () => {
    const rows = rankRisks(
      [project("R003", "small"), project("R024", "small"), project("R018", "large")],
      values({ small: 100_000, large: 300_000 }),
    );
    expect(rows.map((r) => [r.subjectId, r.score])).toEqual([
      ["large", 3_000],
      ["small", 2_000],
    ]);
  });

  it("gives an agency row the awards of every project its hits concern, counted once", () => {
    const hits = [
      project("R028", "p1", ["ag-a", "ag-c"]),
      project("R003", "p1", ["ag-a"]),
      hit("concentration", "market", "7:320100", ["p1", "p2", "p3"], ["ag-a", "ag-b"]),
    ];
    const rows = rankRisks(hits, values({ p1: 100_000, p2: 200_000, p3: 300_000 }));
    const a = rows.find((r) => r.subjectType === "agency" && r.subjectId === "ag-a");
    expect(a).toEqual({
      subjectType: "agency",
      subjectId: "ag-a",
      hits: 3,
      flags: ["R028", "R003", "concentration"],
      valueFen: 600_000,
      score: 18_000,
    });
    expect(rows.find((r) => r.subjectId === "ag-b")).toMatchObject({ hits: 1, flags: ["concentration"], valueFen: 600_000, score: 6_000 });
    expect(rows.find((r) => r.subjectId === "ag-c")).toMatchObject({ hits: 1, valueFen: 100_000, score: 1_000 });
    // A market is no row of its own.
    expect(rows.some((r) => r.subjectId === "7:320100")).toBe(false);
    expect(brief(rows)).toEqual(["agency:ag-a", "agency:ag-b", "project:p1", "agency:ag-c"]);
  });

  it("lists a flag once per row however often it hits", () => {
    const rows = rankRisks([project("R028", "p1", ["ag-a"]), project("R028", "p2", ["ag-a"])], values({ p1: 100, p2: 100 }));
    expect(rows.find((r) => r.subjectId === "ag-a")).toMatchObject({ hits: 2, flags: ["R028"], valueFen: 200 });
  });

  it("gives owner hits an owner row and agency rows; agency-level hits one row per agency", () => {
    const hits = [
      hit("designation", "owner", "owner-1", ["p1", "p3"], ["ag-a"]),
      hit("R025", "agency", "ag-e", ["p1", "p2"], ["ag-e"]),
      hit("rotation", "agency", "ag-a", ["p2", "p3"], ["ag-a", "ag-b"]),
    ];
    const rows = rankRisks(hits, values({ p1: 100_000, p2: 200_000, p3: 300_000 }));
    expect(rows).toEqual(
      [
        { subjectType: "agency", subjectId: "ag-a", hits: 2, flags: ["designation", "rotation"], valueFen: 600_000, score: 12_000 },
        { subjectType: "owner", subjectId: "owner-1", hits: 1, flags: ["designation"], valueFen: 400_000, score: 4_000 },
        { subjectType: "agency", subjectId: "ag-e", hits: 1, flags: ["R025"], valueFen: 300_000, score: 3_000 },
        { subjectType: "agency", subjectId: "ag-b", hits: 1, flags: ["rotation"], valueFen: 500_000, score: 5_000 },
      ].sort((x, y) => y.score - x.score),
    );
  });

  it("breaks ties by hits, then by subject id, whatever the input order", () => {
    // Equal score 200: two hits on 100 yuan rank above one hit on 200 yuan.
    const tie = [project("R018", "p-a"), project("R003", "p-b"), project("R024", "p-b")];
    const v = values({ "p-a": 20_000, "p-b": 10_000 });
    expect(brief(rankRisks(tie, v))).toEqual(["project:p-b", "project:p-a"]);
    // Equal score and hits: by id.
    const same = [project("R018", "p-z"), project("R018", "p-m"), project("R018", "p-a")];
    const w = values({ "p-a": 10_000, "p-m": 10_000, "p-z": 10_000 });
    expect(brief(rankRisks(same, w))).toEqual(["project:p-a", "project:p-m", "project:p-z"]);
    expect(brief(rankRisks([...same].reverse(), w))).toEqual(["project:p-a", "project:p-m", "project:p-z"]);
    expect(brief(rankRisks([...tie].reverse(), v))).toEqual(["project:p-b", "project:p-a"]);
  });

  it("counts a row without value as worth one yuan, so hits still order it", () => {
    const rows = rankRisks([project("R003", "p1"), project("R024", "p1"), project("R003", "p2")], values({ p2: 50 }));
    expect(rows).toEqual([
      { subjectType: "project", subjectId: "p1", hits: 2, flags: ["R003", "R024"], valueFen: 0, score: 2 },
      { subjectType: "project", subjectId: "p2", hits: 1, flags: ["R003"], valueFen: 50, score: 1 },
    ]);
  });

  it("is empty for no hits", () => {
    expect(rankRisks([], () => 1)).toEqual([]);
  });

  it("ranks the hits evaluateFlags finds on hand-made data", () => {
    // p1: a single bid after a 3-day period (R003 + R018), 900,000 fen; p2: a single bid, 200,000 fen.
    const p1 = tender("p1", [bid("b1", "ag-a", 900_000)], "b1", { publishedAt: day(0), bidDeadline: day(3) });
    const p2 = tender("p2", [bid("b2", "ag-b", 200_000)], "b2");
    const p3 = awardedTo("p3", "ag-b", 1_000_000);
    const ds = dataset([p2, p1, p3]);
    const hits = evaluateFlags(ds);
    expect(hits.map((h) => `${h.flag}:${h.subjectId}`)).toEqual(["R003:p1", "R018:p2", "R018:p1"]);
    const value = (id: string) => ds.projects.find((p) => p.id === id)?.award?.priceFen ?? 0;
    expect(rankRisks(hits, value).map((r) => [r.subjectType, r.subjectId, r.hits, r.score])).toEqual([
      ["agency", "ag-a", 2, 18_000],
      ["project", "p1", 2, 18_000],
      ["agency", "ag-b", 1, 2_000],
      ["project", "p2", 1, 2_000],
    ]);
  });
});
