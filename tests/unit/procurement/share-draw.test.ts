import { describe, expect, it } from "vitest";
import { DrawRng } from "~/modules/procurement/draw.rules";
import { competentOffice, drawSeedV2Share, normalizeShareHex, shareCommitment, shareState } from "~/modules/procurement/share.rules";

const secret = "11".repeat(32);
const listHash = "22".repeat(32);
const share = "33".repeat(32);

describe("zjcs-draw-v2-share (share.rules.ts)", () => {
  it("golden values: the commitment is SHA-256 of the share's bytes, the seed SHA-256 of the named, newline-joined inputs", () => {
    // Cross-checked with coreutils: printf '33…33' | xxd -r -p | sha256sum, and
    // printf 'zjcs-draw-v2-share\n11…11\n22…22\n33…33' | sha256sum.
    expect(shareCommitment(share)).toBe("deb0e38ced1e41de6f92e70e80c418d2d356afaaa99e26f5939dbc7d3ef4772a");
    expect(drawSeedV2Share(secret, listHash, share)).toBe("1a8f240b1aea5da5feae100f472b3d783558a7fee9fc0efb62c7e3969bb7e58c");
    expect(new DrawRng(drawSeedV2Share(secret, listHash, share)).nextInt(1000)).toBe(
      new DrawRng("1a8f240b1aea5da5feae100f472b3d783558a7fee9fc0efb62c7e3969bb7e58c").nextInt(1000),
    );
  });

  it("uses the share itself, not its public commitment, and accepts capitals and white space", () => {
    expect(drawSeedV2Share(secret, listHash, ` ${share.toUpperCase()}\n`)).toBe(drawSeedV2Share(secret, listHash, share));
    expect(drawSeedV2Share(secret, listHash, shareCommitment(share))).not.toBe(drawSeedV2Share(secret, listHash, share));
    expect(() => normalizeShareHex("33".repeat(31))).toThrow(TypeError);
    expect(() => normalizeShareHex("zz".repeat(32))).toThrow(TypeError);
    expect(() => drawSeedV2Share(secret, "not a hash", share)).toThrow(TypeError);
  });

  it("asks the office of the most specific region, then the oldest, then the smallest id", () => {
    const t = (d: number) => new Date(Date.UTC(2026, 0, d));
    const province = { id: "a", regionCode: "320000", createdAt: t(1) };
    const city = { id: "c", regionCode: "320100", createdAt: t(5) };
    const cityOlder = { id: "d", regionCode: "320100", createdAt: t(2) };
    const citySameDay = { id: "b", regionCode: "320100", createdAt: t(2) };
    const district = { id: "z", regionCode: "320115", createdAt: t(9) };
    expect(competentOffice([province, city])).toBe(city);
    expect(competentOffice([province, city, district])).toBe(district);
    expect(competentOffice([city, cityOlder, province])).toBe(cityOlder);
    expect(competentOffice([cityOlder, citySameDay])).toBe(citySameDay);
    expect(competentOffice([])).toBeNull();
  });

  it("is overdue only strictly after the due time", () => {
    const due = new Date("2026-12-10T15:59:59.999Z");
    const row = { commitment: "c", listHash: "l", share: null, revealDueAt: due };
    expect(shareState({ ...row, listHash: null, commitment: null }, due)).toBe("awaitingCommitment");
    expect(shareState({ ...row, listHash: null }, due)).toBe("committed");
    expect(shareState(row, due)).toBe("awaitingReveal");
    expect(shareState(row, new Date(due.getTime() + 1))).toBe("overdue");
    expect(shareState({ ...row, share: "s" }, new Date(due.getTime() + 1))).toBe("revealed");
  });
});
