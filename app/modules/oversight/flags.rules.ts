/**
 * Red flags (风险指标): each a written formula over plain data, parameters a regulator can tune, and an
 * explanation per hit. From the Open Contracting Partnership's red-flag guide (R003 … R044) as Cardinal
 * implements them, adapted where our procedure differs, plus the marketplace's own (seed 000 #35–39:
 * 变相指定、超标准收费、超期办结; concentration, rotation, splitting).
 *
 * All functions are pure: the dataset is loaded by flags.server.ts, `today` is an argument.
 */

import { abnormallyLowBasis } from "~/modules/procurement/abnormal-price.rules";

export interface FlagBid {
  id: string;
  agencyId: string;
  priceFen: number;
  /** submitted (valid at opening), invalid (excluded at opening), withdrawn, voided. */
  status: string;
  submittedAt: Date;
  updatedAt: Date;
  /** The written justification of an abnormally low price, when the bidder gave one. */
  justified?: boolean;
}

export interface FlagProject {
  id: string;
  ownerOrgId: string;
  serviceItemId: number;
  regionCode: string;
  method: string;
  ceilingFen: number | null;
  publishedAt: Date | null;
  bidDeadline: Date | null;
  status: string;
  bids: FlagBid[];
  award: { agencyId: string; priceFen: number; bidId: string | null; awardedAt: Date } | null;
  contract: { amountFen: number; dueOn: string; status: string; lateWorkdays: number | null } | null;
  overcharge: boolean;
  /** The policy's ceiling for direct selection, when the project has a policy. */
  directCeilingFen: number | null;
  /** Cancelled by its owner after the award was announced: the ground, and the agency whose award ended. */
  cancelledAfterAward?: { ground: string; agencyId: string | null; priceFen: number | null } | null;
  /** The policy's abnormally-low thresholds (percent), when the project has a policy. */
  abnormallyLow?: { othersPct: number; ceilingPct: number } | null;
  /** The draw's beacon round, when the opening missed the designated one and the draw moved to a later round. */
  drawDelayed?: { designatedRound: number; drawRound: number } | null;
}

export interface FlagAgency {
  id: string;
  name: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  legalRep: string | null;
}

export interface FlagDataset {
  projects: FlagProject[];
  agencies: Map<string, FlagAgency>;
  /** Beijing date "YYYY-MM-DD". */
  today: string;
  now: Date;
}

export type FlagCode =
  | "R003"
  | "R018"
  | "R024"
  | "R025"
  | "R028"
  | "R030"
  | "R035"
  | "R036"
  | "R038"
  | "R044"
  | "R058"
  | "designation"
  | "overcharge"
  | "cancelledAfterAward"
  | "abnormallyLowBid"
  | "drawDelayed"
  | "overdue"
  | "concentration"
  | "rotation"
  | "splitting";

export interface FlagHit {
  flag: FlagCode;
  subjectType: "project" | "agency" | "owner" | "market";
  subjectId: string;
  projectIds: string[];
  agencyIds: string[];
  /** The money at stake (fen): the award, or the sum of the awards concerned. */
  valueFen: number;
  /** What the explanation shows: the measured values and the threshold. */
  facts: Record<string, string | number>;
}

export type FlagParams = Record<string, number>;

export interface FlagDefinition {
  code: FlagCode;
  level: FlagHit["subjectType"];
  defaults: FlagParams;
  evaluate(ds: FlagDataset, p: FlagParams): FlagHit[];
}

const DAY = 86_400_000;
const COMPETITIVE = new Set(["randomDraw", "lowestPrice", "averagePrice", "creditPreferred", "scored"]);
const opened = (p: FlagProject) => !!p.bidDeadline && !["draft", "published", "bidding"].includes(p.status);
const valid = (p: FlagProject) => p.bids.filter((b) => b.status === "submitted");
const counted = (p: FlagProject) => p.bids.filter((b) => b.status === "submitted" || b.status === "invalid");
const awardValue = (p: FlagProject) => p.contract?.amountFen ?? p.award?.priceFen ?? 0;
/** Appends to the list under `key` in place (copying the list on every append made grouping quadratic). */
function push<K, V>(m: Map<K, V[]>, key: K, value: V): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const projectHit = (
  flag: FlagCode,
  p: FlagProject,
  facts: FlagHit["facts"],
  agencyIds: string[] = p.award ? [p.award.agencyId] : [],
): FlagHit => ({
  flag,
  subjectType: "project",
  subjectId: p.id,
  projectIds: [p.id],
  agencyIds,
  valueFen: awardValue(p) || (p.ceilingFen ?? 0),
  facts,
});

/** Quartiles by linear interpolation (the method spreadsheets use), of a non-empty list. */
export function quartiles(values: number[]): { q1: number; q3: number; iqr: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const i = (s.length - 1) * q;
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return s[lo]! + (s[hi]! - s[lo]!) * (i - lo);
  };
  const q1 = at(0.25);
  const q3 = at(0.75);
  return { q1, q3, iqr: q3 - q1 };
}

/** Herfindahl–Hirschman index of shares (0–10,000). */
export function hhi(amounts: number[]): number {
  const total = amounts.reduce((a, b) => a + b, 0);
  if (total <= 0) return 0;
  return Math.round(amounts.reduce((s, a) => s + ((100 * a) / total) ** 2, 0));
}

function sameText(a: string | null, b: string | null): boolean {
  const norm = (s: string) => s.replace(/[\s\-－—()（）]/g, "").toLowerCase();
  return !!a && !!b && norm(a).length >= 3 && norm(a) === norm(b);
}

export const FLAGS: FlagDefinition[] = [
  {
    // R003 Short submission period: days from publication to the deadline below the threshold.
    code: "R003",
    level: "project",
    defaults: { minDays: 7 },
    evaluate: (ds, p) =>
      ds.projects
        .filter((x) => x.publishedAt && x.bidDeadline && COMPETITIVE.has(x.method))
        .flatMap((x) => {
          const days = (x.bidDeadline!.getTime() - x.publishedAt!.getTime()) / DAY;
          return days < p.minDays! ? [projectHit("R003", x, { days: round(days, 1), minDays: p.minDays! })] : [];
        }),
  },
  {
    // R018 Single bid received: exactly one bid at the opening of a competitive procedure.
    code: "R018",
    level: "project",
    defaults: { maxBids: 1 },
    evaluate: (ds, p) =>
      ds.projects
        .filter((x) => opened(x) && COMPETITIVE.has(x.method))
        .flatMap((x) => {
          const n = counted(x).length;
          return n >= 1 && n <= p.maxBids! ? [projectHit("R018", x, { bids: n, maxBids: p.maxBids! })] : [];
        }),
  },
  {
    // R024 Price close to the winning bid: the runner-up within pct % above the winning price.
    code: "R024",
    level: "project",
    defaults: { pct: 0.5 },
    evaluate: (ds, p) =>
      ds.projects
        .filter((x) => x.award?.bidId && valid(x).length >= 2)
        .flatMap((x) => {
          const win = x.award!.priceFen;
          const others = valid(x)
            .filter((b) => b.id !== x.award!.bidId)
            .map((b) => b.priceFen)
            .filter((v) => v >= win);
          if (!others.length) return [];
          const next = Math.min(...others);
          const gap = ((next - win) / win) * 100;
          return gap <= p.pct! ? [projectHit("R024", x, { gapPct: round(gap, 3), pct: p.pct!, winFen: win, nextFen: next })] : [];
        }),
  },
  {
    // R025 Excessive unsuccessful bids: a bidder's losing bids above the upper IQR fence of all bidders'.
    code: "R025",
    level: "agency",
    defaults: { iqrMultiplier: 1.5, minLosses: 5 },
    evaluate: (ds, p) => {
      const losses = new Map<string, string[]>();
      for (const x of ds.projects) {
        if (!x.award) continue;
        for (const b of counted(x)) if (b.agencyId !== x.award.agencyId) push(losses, b.agencyId, x.id);
      }
      if (losses.size < 4) return [];
      const { q3, iqr } = quartiles([...losses.values()].map((l) => l.length));
      const fence = q3 + p.iqrMultiplier! * iqr;
      return [...losses]
        .filter(([, l]) => l.length > fence && l.length >= p.minLosses!)
        .map(([agencyId, l]) => ({
          flag: "R025" as const,
          subjectType: "agency" as const,
          subjectId: agencyId,
          projectIds: l,
          agencyIds: [agencyId],
          valueFen: 0,
          facts: { losses: l.length, fence: round(fence, 1), minLosses: p.minLosses! },
        }));
    },
  },
  {
    // R028 Identical bid prices: two or more bids in one project at exactly the same price.
    code: "R028",
    level: "project",
    defaults: { minSame: 2 },
    evaluate: (ds, p) =>
      ds.projects.filter(opened).flatMap((x) => {
        const byPrice = new Map<number, string[]>();
        for (const b of counted(x)) push(byPrice, b.priceFen, b.agencyId);
        const same = [...byPrice].filter(([, a]) => a.length >= p.minSame!);
        return same.length
          ? [
              projectHit(
                "R028",
                x,
                { priceFen: same[0]![0], bidders: same[0]![1].length, minSame: p.minSame! },
                same.flatMap(([, a]) => a),
              ),
            ]
          : [];
      }),
  },
  {
    // R030 (adapted) Last-minute winning bid: our database refuses late bids, so the signal left is a
    // winning bid submitted or revised within `minutes` of the deadline, after the others were in.
    code: "R030",
    level: "project",
    defaults: { minutes: 10 },
    evaluate: (ds, p) =>
      ds.projects
        .filter((x) => x.award?.bidId && x.bidDeadline && valid(x).length >= 2)
        .flatMap((x) => {
          const win = x.bids.find((b) => b.id === x.award!.bidId);
          if (!win) return [];
          const before = (x.bidDeadline!.getTime() - win.updatedAt.getTime()) / 60_000;
          // The others' last change: only bids that took part count, and an invalid bid's updatedAt is when the
          // opening marked it (after the deadline), so its submission time stands in for it.
          const othersEarlier = counted(x)
            .filter((b) => b.id !== win.id)
            .every((b) => (b.status === "invalid" ? b.submittedAt : b.updatedAt) < win.updatedAt);
          return before <= p.minutes! && othersEarlier
            ? [projectHit("R030", x, { minutesBefore: round(before, 1), minutes: p.minutes! })]
            : [];
        }),
  },
  {
    // R035 All except the winning bid disqualified.
    code: "R035",
    level: "project",
    defaults: { minBids: 2 },
    evaluate: (ds, p) =>
      ds.projects
        .filter((x) => x.award?.bidId && counted(x).length >= p.minBids!)
        .flatMap((x) => {
          const others = counted(x).filter((b) => b.id !== x.award!.bidId);
          return others.length && others.every((b) => b.status === "invalid")
            ? [projectHit("R035", x, { disqualified: others.length, bids: counted(x).length })]
            : [];
        }),
  },
  {
    // R036 Lowest bid disqualified: the cheapest bid was invalid and someone dearer won.
    code: "R036",
    level: "project",
    defaults: { minBids: 2 },
    evaluate: (ds, p) =>
      ds.projects
        .filter((x) => x.award && counted(x).length >= p.minBids!)
        .flatMap((x) => {
          const lowest = [...counted(x)].sort((a, b) => a.priceFen - b.priceFen)[0]!;
          return lowest.status === "invalid" && x.award!.priceFen > lowest.priceFen
            ? [projectHit("R036", x, { lowestFen: lowest.priceFen, winFen: x.award!.priceFen }, [lowest.agencyId, x.award!.agencyId])]
            : [];
        }),
  },
  {
    // R038 Excessive disqualified bids: the share of invalid bids above the threshold.
    code: "R038",
    level: "project",
    defaults: { share: 0.5, minBids: 3 },
    evaluate: (ds, p) =>
      ds.projects.filter(opened).flatMap((x) => {
        const all = counted(x);
        if (all.length < p.minBids!) return [];
        const share = all.filter((b) => b.status === "invalid").length / all.length;
        return share > p.share!
          ? [projectHit("R038", x, { sharePct: round(share * 100, 1), thresholdPct: round(p.share! * 100, 2), bids: all.length })]
          : [];
      }),
  },
  {
    // R044 Business similarities between bidders: two bidders in one project sharing an address, a
    // phone, an e-mail or a legal representative.
    code: "R044",
    level: "project",
    defaults: { minShared: 1 },
    evaluate: (ds, p) =>
      ds.projects
        .filter((x) => counted(x).length >= 2)
        .flatMap((x) => {
          const ids = [...new Set(counted(x).map((b) => b.agencyId))];
          for (let i = 0; i < ids.length; i++) {
            for (let j = i + 1; j < ids.length; j++) {
              const a = ds.agencies.get(ids[i]!);
              const b = ds.agencies.get(ids[j]!);
              if (!a || !b) continue;
              const shared = (["address", "phone", "email", "legalRep"] as const).filter((k) => sameText(a[k], b[k]));
              if (shared.length >= p.minShared!)
                return [projectHit("R044", x, { shared: shared.join(","), a: a.name, b: b.name }, [a.id, b.id])];
            }
          }
          return [];
        }),
  },
  {
    // R058 Heavily discounted bid: the award's price / ceiling below the lower IQR fence of that ratio
    // across the same item's awards (at least minSample of them).
    code: "R058",
    level: "project",
    defaults: { iqrMultiplier: 1.5, minSample: 8 },
    evaluate: (ds, p) => {
      const byItem = new Map<number, FlagProject[]>();
      for (const x of ds.projects) if (x.award && x.ceilingFen) push(byItem, x.serviceItemId, x);
      return [...byItem.values()].flatMap((group) => {
        if (group.length < p.minSample!) return [];
        const ratios = group.map((x) => x.award!.priceFen / x.ceilingFen!);
        const { q1, iqr } = quartiles(ratios);
        const fence = q1 - p.iqrMultiplier! * iqr;
        return group
          .filter((x) => x.award!.priceFen / x.ceilingFen! < fence)
          .map((x) =>
            projectHit("R058", x, {
              ratioPct: round((100 * x.award!.priceFen) / x.ceilingFen!, 1),
              fencePct: round(fence * 100, 1),
              sample: group.length,
            }),
          );
      });
    },
  },
  {
    // Disguised designation (变相指定): one agency takes at least `share` of an owner's awards, or of the
    // owner's direct picks, over at least `minAwards` of them.
    code: "designation",
    level: "owner",
    defaults: { share: 0.6, minAwards: 4 },
    evaluate: (ds, p) => {
      const byOwner = new Map<string, FlagProject[]>();
      for (const x of ds.projects) if (x.award) push(byOwner, x.ownerOrgId, x);
      // Looked at twice: over all the owner's awards, and over its direct picks alone; the stronger counts.
      const concentrated = (list: FlagProject[]) => {
        if (list.length < p.minAwards!) return null;
        const wins = new Map<string, FlagProject[]>();
        for (const x of list) push(wins, x.award!.agencyId, x);
        const [agencyId, theirs] = [...wins].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0]!;
        const share = theirs.length / list.length;
        return share >= p.share! ? { agencyId, theirs, share, awards: list.length } : null;
      };
      return [...byOwner].flatMap(([ownerId, list]) => {
        const all = concentrated(list);
        const direct = concentrated(list.filter((x) => x.method === "direct"));
        const best = all && direct ? (direct.share > all.share ? direct : all) : (all ?? direct);
        if (!best) return [];
        const { agencyId, theirs, share } = best;
        return [
          {
            flag: "designation" as const,
            subjectType: "owner" as const,
            subjectId: ownerId,
            projectIds: theirs.map((x) => x.id),
            agencyIds: [agencyId],
            valueFen: theirs.reduce((s, x) => s + awardValue(x), 0),
            facts: {
              sharePct: round(share * 100, 1),
              awards: best.awards,
              toOne: theirs.length,
              thresholdPct: round(p.share! * 100, 2),
              direct: theirs.filter((x) => x.method === "direct").length,
              basis: best === direct && best !== all ? "direct" : "all",
            },
          },
        ];
      });
    },
  },
  {
    // Charging above the fee standard (超标准收费): a contract above the agency's published fee standard.
    code: "overcharge",
    level: "project",
    defaults: {},
    evaluate: (ds) => ds.projects.filter((x) => x.overcharge).map((x) => projectHit("overcharge", x, { amountFen: awardValue(x) })),
  },
  {
    // Cancelled after the award (中选后取消): an owner who dislikes the winner could cancel and publish again
    // until another agency wins; every cancellation after the award is shown to the regulators.
    code: "cancelledAfterAward",
    level: "project",
    defaults: {},
    evaluate: (ds) =>
      ds.projects
        .filter((x) => x.cancelledAfterAward)
        .map((x) => {
          const c = x.cancelledAfterAward!;
          return {
            ...projectHit("cancelledAfterAward", x, { ground: `@cancel.ground.${c.ground}` }, c.agencyId ? [c.agencyId] : []),
            valueFen: c.priceFen ?? x.ceilingFen ?? 0,
          };
        }),
  },
  {
    // Abnormally low bid (异常低价): a valid bid below the policy's share of the ceiling, or more than its
    // percentage below the mean of the other valid bids (政府采购货物和服务招标投标管理办法 第六十条).
    // Justified or not, the evaluators saw it marked; regulators see where it happens and who does it.
    code: "abnormallyLowBid",
    level: "project",
    defaults: {},
    evaluate: (ds) =>
      ds.projects
        .filter((x) => opened(x) && x.abnormallyLow)
        .flatMap((x) => {
          const bids = valid(x);
          const low = bids.filter((b) => {
            const others = bids.filter((o) => o.id !== b.id);
            return abnormallyLowBasis(b.priceFen, x.ceilingFen, others, {
              abnormallyLowCeilingPct: x.abnormallyLow!.ceilingPct,
              abnormallyLowPct: x.abnormallyLow!.othersPct,
            });
          });
          if (!low.length) return [];
          const lowest = Math.min(...low.map((b) => b.priceFen));
          return [
            projectHit(
              "abnormallyLowBid",
              x,
              {
                bids: low.length,
                unjustified: low.filter((b) => !b.justified).length,
                lowestPct: x.ceilingFen ? round((lowest / x.ceilingFen) * 100, 1) : 0,
              },
              [...new Set(low.map((b) => b.agencyId))].sort(),
            ),
          ];
        }),
  },
  {
    // Delayed draw (抽取延迟): the opening missed the beacon round designated at publication and the draw
    // moved to a later round by the published rule — harmless when the platform was merely slow, the sign
    // to look at when it happens often for one owner or around one agency.
    code: "drawDelayed",
    level: "project",
    defaults: {},
    evaluate: (ds) =>
      ds.projects
        .filter((x) => x.drawDelayed)
        .map((x) => projectHit("drawDelayed", x, { designatedRound: x.drawDelayed!.designatedRound, drawRound: x.drawDelayed!.drawRound })),
  },
  {
    // Overdue completion (超期办结): a contract past its due date and not completed, or completed more than
    // `graceWorkdays` working days late.
    code: "overdue",
    level: "project",
    defaults: { graceWorkdays: 0 },
    evaluate: (ds, p) =>
      ds.projects
        .filter((x) => x.contract)
        .flatMap((x) => {
          const c = x.contract!;
          if ((c.status === "signed" || c.status === "delivered") && c.dueOn < ds.today)
            return [projectHit("overdue", x, { dueOn: c.dueOn, open: 1, lateWorkdays: 0 })];
          if (c.status === "completed" && (c.lateWorkdays ?? 0) > p.graceWorkdays!)
            return [projectHit("overdue", x, { dueOn: c.dueOn, open: 0, lateWorkdays: c.lateWorkdays! })];
          return [];
        }),
  },
  {
    // Concentration: the Herfindahl–Hirschman index of award value by agency, per service item and city,
    // above the threshold (2,500 = highly concentrated in competition practice).
    code: "concentration",
    level: "market",
    defaults: { hhi: 2500, minAwards: 5 },
    evaluate: (ds, p) => {
      const markets = new Map<string, FlagProject[]>();
      for (const x of ds.projects)
        if (x.award) {
          const key = `${x.serviceItemId}:${x.regionCode.slice(0, 4)}00`;
          push(markets, key, x);
        }
      return [...markets].flatMap(([key, list]) => {
        if (list.length < p.minAwards!) return [];
        const byAgency = new Map<string, number>();
        for (const x of list) byAgency.set(x.award!.agencyId, (byAgency.get(x.award!.agencyId) ?? 0) + awardValue(x));
        const index = hhi([...byAgency.values()]);
        if (index <= p.hhi!) return [];
        const top = [...byAgency].sort((a, b) => b[1] - a[1])[0]!;
        return [
          {
            flag: "concentration" as const,
            subjectType: "market" as const,
            subjectId: key,
            projectIds: list.map((x) => x.id),
            agencyIds: [...byAgency.keys()],
            valueFen: list.reduce((s, x) => s + awardValue(x), 0),
            facts: { hhi: index, threshold: p.hhi!, awards: list.length, agencies: byAgency.size, topAgencyId: top[0] },
          },
        ];
      });
    },
  },
  {
    // Winner rotation (轮流中标): the same group of bidders meets in at least `minProjects` projects and
    // each of them wins at least once — nobody loses for long, a pattern of collusion.
    code: "rotation",
    level: "agency",
    defaults: { minGroup: 3, minProjects: 3 },
    evaluate: (ds, p) => {
      const groups = new Map<string, FlagProject[]>();
      for (const x of ds.projects) {
        if (!x.award) continue;
        const ids = [...new Set(counted(x).map((b) => b.agencyId))].sort();
        if (ids.length < p.minGroup!) continue;
        const key = ids.join(",");
        push(groups, key, x);
      }
      return [...groups].flatMap(([key, list]) => {
        if (list.length < p.minProjects!) return [];
        const members = key.split(",");
        const winners = new Set(list.map((x) => x.award!.agencyId));
        if (!members.every((m) => winners.has(m))) return [];
        return [
          {
            flag: "rotation" as const,
            subjectType: "agency" as const,
            subjectId: members[0]!,
            projectIds: list.map((x) => x.id),
            agencyIds: members,
            valueFen: list.reduce((s, x) => s + awardValue(x), 0),
            facts: { group: members.length, projects: list.length },
          },
        ];
      });
    },
  },
  {
    // Splitting (拆分规避): one owner, one item, at least `count` direct awards within `days`, each at or
    // above `pct` % of the direct-selection ceiling — work cut to stay just below the competition line.
    code: "splitting",
    level: "owner",
    defaults: { count: 3, days: 30, pct: 90 },
    evaluate: (ds, p) => {
      const groups = new Map<string, FlagProject[]>();
      for (const x of ds.projects) {
        if (x.method !== "direct" || !x.award || !x.directCeilingFen) continue;
        if (x.award.priceFen * 100 < p.pct! * x.directCeilingFen || x.award.priceFen > x.directCeilingFen) continue;
        const key = `${x.ownerOrgId}:${x.serviceItemId}`;
        push(groups, key, x);
      }
      return [...groups].flatMap(([key, list]) => {
        const sorted = [...list].sort((a, b) => a.award!.awardedAt.getTime() - b.award!.awardedAt.getTime());
        for (let i = 0; i + p.count! - 1 < sorted.length; i++) {
          const window = sorted.slice(i, i + p.count!);
          const span = (window[window.length - 1]!.award!.awardedAt.getTime() - window[0]!.award!.awardedAt.getTime()) / DAY;
          if (span <= p.days!) {
            const within = sorted.filter(
              (x) =>
                x.award!.awardedAt >= window[0]!.award!.awardedAt &&
                (x.award!.awardedAt.getTime() - window[0]!.award!.awardedAt.getTime()) / DAY <= p.days!,
            );
            return [
              {
                flag: "splitting" as const,
                subjectType: "owner" as const,
                subjectId: key.split(":")[0]!,
                projectIds: within.map((x) => x.id),
                agencyIds: [...new Set(within.map((x) => x.award!.agencyId))],
                valueFen: within.reduce((s, x) => s + awardValue(x), 0),
                facts: { awards: within.length, days: round(span, 1), pct: p.pct!, ceilingFen: window[0]!.directCeilingFen! },
              },
            ];
          }
        }
        return [];
      });
    },
  },
];

export const FLAG_CODES = FLAGS.map((f) => f.code);

export function flagDefinition(code: string): FlagDefinition | undefined {
  return FLAGS.find((f) => f.code === code);
}

/** Evaluates every enabled flag with its parameters (defaults where none are set). */
export function evaluateFlags(
  ds: FlagDataset,
  settings: Partial<Record<FlagCode, { enabled: boolean; params: FlagParams }>> = {},
): FlagHit[] {
  return mergeHits(
    FLAGS.flatMap((f) => {
      const s = settings[f.code];
      if (s && !s.enabled) return [];
      return f.evaluate(ds, { ...f.defaults, ...s?.params });
    }),
  );
}

/**
 * One hit per flag and subject: when a flag finds several patterns naming the same subject (an agency
 * in two rotating groups, say), they become one hit over all their projects and agencies, with the
 * summed value, the facts of the largest pattern and the number of patterns (`patterns`).
 */
export function mergeHits(hits: FlagHit[]): FlagHit[] {
  const byKey = new Map<string, FlagHit[]>();
  for (const h of hits) {
    const key = `${h.flag}\u0000${h.subjectType}\u0000${h.subjectId}`;
    const list = byKey.get(key);
    if (list) list.push(h);
    else byKey.set(key, [h]);
  }
  return [...byKey.values()].map((list) => {
    if (list.length === 1) return list[0]!;
    const largest = list.reduce((a, b) => (b.valueFen > a.valueFen ? b : a));
    return {
      ...largest,
      projectIds: [...new Set(list.flatMap((h) => h.projectIds))],
      agencyIds: [...new Set(list.flatMap((h) => h.agencyIds))],
      valueFen: list.reduce((s, h) => s + h.valueFen, 0),
      facts: { ...largest.facts, patterns: list.length },
    };
  });
}

export interface RiskRow {
  subjectType: "project" | "agency" | "owner";
  subjectId: string;
  hits: number;
  flags: FlagCode[];
  valueFen: number;
  /** hits × value (in yuan, so a project with several flags and a large award ranks first). */
  score: number;
}

/**
 * The risk queue: projects, agencies and owners ranked by hits × value at stake. A project's value is
 * its award; an agency's and an owner's, the awards of the projects its hits concern.
 */
export function rankRisks(hits: FlagHit[], projectValue: (projectId: string) => number): RiskRow[] {
  const rows = new Map<string, RiskRow & { projects: Set<string> }>();
  const add = (subjectType: RiskRow["subjectType"], subjectId: string, h: FlagHit) => {
    const key = `${subjectType}:${subjectId}`;
    const row = rows.get(key) ?? { subjectType, subjectId, hits: 0, flags: [], valueFen: 0, score: 0, projects: new Set<string>() };
    row.hits += 1;
    if (!row.flags.includes(h.flag)) row.flags.push(h.flag);
    for (const id of h.projectIds) row.projects.add(id);
    rows.set(key, row);
  };
  for (const h of hits) {
    if (h.subjectType === "project") add("project", h.subjectId, h);
    if (h.subjectType === "owner") add("owner", h.subjectId, h);
    for (const a of h.agencyIds) add("agency", a, h);
  }
  return [...rows.values()]
    .map(({ projects, ...r }) => {
      const valueFen = [...projects].reduce((s, id) => s + projectValue(id), 0);
      return { ...r, valueFen, score: r.hits * Math.max(1, valueFen / 100) };
    })
    .sort((a, b) => b.score - a.score || b.hits - a.hits || a.subjectId.localeCompare(b.subjectId));
}
