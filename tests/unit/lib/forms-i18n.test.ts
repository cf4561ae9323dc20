import { describe, expect, it } from "vitest";
import en from "~/i18n/en";
import zhCN from "~/i18n/zh-CN";
import { formatDate, formatDateTime, formatMoney, translate } from "~/i18n";
import { formToObject, parseForm, safeRedirect } from "~/lib/forms";
import { SignUpSchema } from "~/modules/identity/accounts.schema";

describe("message catalogues", () => {
  it("have the same keys in both languages, none empty", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [k, v] of [...Object.entries(en), ...Object.entries(zhCN)]) expect(v.trim(), k).not.toBe("");
  });
  it("have a message for every error key the schemas can produce", () => {
    const keys = [
      "errors.uscc.length",
      "errors.uscc.charset",
      "errors.uscc.region",
      "errors.uscc.checkDigit",
      "errors.uscc.taken",
      "errors.password.tooShort",
      "errors.password.mismatch",
      "errors.email",
      "errors.required",
      "errors.ownerType",
      "errors.orgKind",
      "errors.region.invalid",
    ];
    for (const k of keys) {
      expect(translate("en", k)).not.toBe(k);
      expect(translate("zh-CN", k)).not.toBe(k);
    }
  });
  it("fills parameters", () => {
    expect(translate("en", "errors.login.slowed", { seconds: 8 })).toBe("Too many failed log-ins. Try again in 8 seconds");
    expect(translate("zh-CN", "errors.login.slowed", { seconds: 8 })).toContain("8 秒");
  });
});

describe("formatting", () => {
  it("shows integer fen as yuan with ¥", () => {
    expect(formatMoney(123456, "zh-CN")).toBe("¥1,234.56");
    expect(formatMoney(123456, "en")).toBe("¥1,234.56");
    expect(formatMoney(5, "zh-CN")).toBe("¥0.05");
  });
  it("shows times in Asia/Shanghai whatever the server's zone", () => {
    const t = new Date("2026-11-23T16:30:00Z"); // 00:30 the next day in Beijing
    expect(formatDateTime(t, "zh-CN")).toBe("2026/11/24 00:30");
    expect(formatDate(t, "en")).toBe("11/24/2026");
  });
});

describe("forms", () => {
  it("reads repeated fields as arrays only when asked", () => {
    const f = new URLSearchParams("a=1&b=2&b=3");
    expect(formToObject(f, ["b", "c"])).toEqual({ a: "1", b: ["2", "3"], c: [] });
  });
  it("returns field errors as translation keys and never echoes passwords", () => {
    const f = new FormData();
    for (const [k, v] of Object.entries({
      kind: "owner",
      orgName: "测试",
      creditCode: "123",
      regionCode: "320100",
      userName: "张三",
      email: "bad",
      password: "short",
      passwordConfirm: "other",
    }))
      f.set(k, v);
    const r = parseForm(SignUpSchema, f);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fieldErrors.creditCode).toEqual(["errors.uscc.length"]);
    expect(r.fieldErrors.email).toEqual(["errors.email"]);
    expect(r.fieldErrors.password).toEqual(["errors.password.tooShort"]);
    expect(r.values.password).toBeUndefined();
    expect(r.values.orgName).toBe("测试");
  });
  it("requires an owner type from owners only", () => {
    const base = {
      orgName: "某某公司",
      creditCode: "91350100M000100Y43",
      regionCode: "320100",
      userName: "张三",
      email: "A@B.CN",
      password: "0123456789",
      passwordConfirm: "0123456789",
    };
    const owner = SignUpSchema.safeParse({ ...base, kind: "owner" });
    expect(owner.success).toBe(false);
    expect(owner.error?.issues[0]?.path).toEqual(["ownerType"]);
    const details = {
      legalRepresentative: "王法人",
      address: "南京市鼓楼区 1 号",
      businessScope: "环境影响评价",
      contactPhone: "13912345678",
    };
    const noPledge = SignUpSchema.safeParse({ ...base, ...details, kind: "agency" });
    expect(noPledge.error?.issues.map((i) => [i.path[0], i.message])).toEqual([["pledge", "errors.pledge"]]);
    const agency = SignUpSchema.parse({ ...base, ...details, kind: "agency", ownerType: "enterprise", pledge: "on", contactPublic: "on" });
    expect(agency.ownerType).toBeNull();
    expect(agency.email).toBe("a@b.cn");
    expect(agency.agency).toMatchObject({ legalRepresentative: "王法人", contactPublic: true, contactEmail: null, contactPerson: null });
    const missing = SignUpSchema.safeParse({ ...base, kind: "agency", pledge: "on", contactPhone: "12345" });
    expect(missing.error?.issues.map((i) => `${String(i.path[0])}:${i.message}`).sort()).toEqual([
      "address:errors.required",
      "businessScope:errors.required",
      "contactPhone:errors.phone",
      "legalRepresentative:errors.required",
    ]);
  });
  it("follows only same-site relative redirects", () => {
    expect(safeRedirect("/account?x=1")).toBe("/account?x=1");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/\nx", undefined, 42]) {
      expect(safeRedirect(bad)).toBe("/");
    }
  });
});

describe("required text fields", () => {
  it("say 'required' when empty and 'too short' when too short", () => {
    const base = {
      kind: "agency",
      creditCode: "91350100M000100Y43",
      regionCode: "320100",
      userName: "张三",
      email: "a@b.cn",
      password: "0123456789",
      passwordConfirm: "0123456789",
    };
    const empty = SignUpSchema.safeParse({ ...base, orgName: "  " });
    expect(empty.error?.issues.find((i) => i.path[0] === "orgName")?.message).toBe("errors.required");
    const short = SignUpSchema.safeParse({ ...base, orgName: "甲" });
    expect(short.error?.issues.find((i) => i.path[0] === "orgName")?.message).toBe("errors.tooShort");
  });
});

describe("control characters in form text", () => {
  it("are dropped, except tab and line breaks, so no page shows them back", () => {
    const form = new URLSearchParams();
    form.append("name", "江苏\u0000环\u0001科\u000b\u000c\u001f\u007f有限公司");
    form.append("note", "第一行\r\n第二行\t完");
    expect(formToObject(form)).toEqual({ name: "江苏环科有限公司", note: "第一行\r\n第二行\t完" });
  });
});
