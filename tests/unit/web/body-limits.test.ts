import { describe, expect, it } from "vitest";
import { formToObject } from "~/lib/forms";
import { FORM_LIMITS, UPLOAD_LIMIT_BYTES, bodyLimitsFor, localeOf, refusalPage } from "~/web/body-limits.server";
import { FormTooLargeError, readForm, readMultipartForm } from "~/web/upload.server";

const URLENCODED = "application/x-www-form-urlencoded";

/** A request whose body arrives in pieces of `piece` bytes, with or without Content-Length. */
function request(body: string, opts: { contentType?: string; path?: string; declared?: boolean; piece?: number; cookie?: string } = {}) {
  const bytes = new TextEncoder().encode(body);
  const piece = opts.piece ?? 16 * 1024;
  const headers: Record<string, string> = { "content-type": opts.contentType ?? URLENCODED };
  if (opts.declared) headers["content-length"] = String(bytes.byteLength);
  if (opts.cookie) headers.cookie = opts.cookie;
  return new Request(`http://x${opts.path ?? "/login"}`, {
    method: "POST",
    headers,
    body: new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += piece) c.enqueue(bytes.slice(i, i + piece));
        c.close();
      },
    }),
    duplex: "half",
  } as RequestInit);
}

const fields = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=1`).join("&");
/** A urlencoded body of exactly `n` bytes, in values of 10,000 characters (well inside the value limit). */
const ofBytes = (n: number) => {
  const parts: string[] = [];
  let left = n;
  for (let i = 0; left > 0; i++) {
    const head = `${i ? "&" : ""}v${i}=`;
    const take = Math.min(10_000, left - head.length);
    parts.push(head + "x".repeat(take));
    left -= head.length + take;
  }
  return parts.join("");
};

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

describe("the limits of a route kind", () => {
  it("keeps ordinary forms small, lets the routes that declare more have it, and uploads keep theirs", () => {
    expect(bodyLimitsFor("/login", URLENCODED).bytes).toBe(64 * 1024);
    expect(bodyLimitsFor("/login", "multipart/form-data; boundary=x").bytes).toBe(64 * 1024);
    expect(bodyLimitsFor("/projects/abc", URLENCODED).bytes).toBe(256 * 1024);
    expect(bodyLimitsFor("/PROJECTS/abc/", URLENCODED).bytes).toBe(256 * 1024);
    expect(bodyLimitsFor("/projects/abc", "multipart/form-data; boundary=x").bytes).toBe(UPLOAD_LIMIT_BYTES);
    expect(bodyLimitsFor("/agency/qualifications/new", "multipart/form-data; boundary=x").bytes).toBe(UPLOAD_LIMIT_BYTES);
    expect(bodyLimitsFor("/api/stripe/webhook", "application/json").bytes).toBe(1024 * 1024);
  });

  it("speaks the language of the cookie", () => {
    expect(localeOf("a=b; lang=en")).toBe("en");
    expect(localeOf("lang=fr")).toBe("zh-CN");
    expect(refusalPage("tooLarge", "zh-CN")).toContain("提交的内容过多");
    expect(refusalPage("tooLarge", "en")).toContain("Too much was sent");
    expect(refusalPage("tooLarge", "en")).toContain("64 KB, 1000 fields");
  });
});

describe("a form is counted before it is parsed", () => {
  it("bytes: at the limit and one inside are read, one over answers 413 — declared or not", async () => {
    const limit = FORM_LIMITS.bytes;
    for (const declared of [true, false]) {
      expect(await status(readForm(request(ofBytes(limit), { declared })))).toBe(200);
      expect(await status(readForm(request(ofBytes(limit - 1), { declared })))).toBe(200);
      expect(await status(readForm(request(ofBytes(limit + 1), { declared })))).toBe(413);
    }
    // A route that declares more takes more.
    expect(await status(readForm(request(ofBytes(limit + 1), { path: "/projects/p1" })))).toBe(200);
  });

  it("fields: at the limit and one inside are read, one over answers 413", async () => {
    expect(await status(readForm(request(fields(FORM_LIMITS.fields))))).toBe(200);
    expect(await status(readForm(request(fields(FORM_LIMITS.fields - 1))))).toBe(200);
    expect(await status(readForm(request(fields(FORM_LIMITS.fields + 1))))).toBe(413);
    // Empty pairs count too: "&&&…" is no way around the count.
    expect(await status(readForm(request("&".repeat(FORM_LIMITS.fields + 1))))).toBe(413);
  });

  it("names and values: at the limit and one inside are read, one over answers 413", async () => {
    const name = (n: number) => `${"n".repeat(n)}=1`;
    expect(await status(readForm(request(name(FORM_LIMITS.nameChars))))).toBe(200);
    expect(await status(readForm(request(name(FORM_LIMITS.nameChars - 1))))).toBe(200);
    expect(await status(readForm(request(name(FORM_LIMITS.nameChars + 1))))).toBe(413);
    const value = (n: number) => `v=${"工".repeat(n)}`;
    const at = { path: "/projects/p1" }; // 20,000 Chinese characters need more than an ordinary form's bytes
    expect(await status(readForm(request(value(FORM_LIMITS.valueChars), at)))).toBe(200);
    expect(await status(readForm(request(value(FORM_LIMITS.valueChars - 1), at)))).toBe(200);
    expect(await status(readForm(request(value(FORM_LIMITS.valueChars + 1), at)))).toBe(413);
  });

  it("multipart fields are counted by their boundaries, also when a boundary is split between pieces", async () => {
    const multipart = (n: number) =>
      Array.from({ length: n }, (_, i) => `--bnd\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n1\r\n`).join("") + "--bnd--\r\n";
    const ct = "multipart/form-data; boundary=bnd";
    for (const piece of [5, 4096]) {
      expect(await status(readMultipartForm(request(multipart(FORM_LIMITS.fields), { contentType: ct, piece })))).toBe(200);
      expect(await status(readMultipartForm(request(multipart(FORM_LIMITS.fields - 1), { contentType: ct, piece })))).toBe(200);
      expect(await status(readMultipartForm(request(multipart(FORM_LIMITS.fields + 1), { contentType: ct, piece })))).toBe(413);
    }
    // Bytes over the upload limit stay FormTooLargeError, for the message next to the file field.
    await expect(readMultipartForm(request(multipart(3), { contentType: ct }), 64)).rejects.toBeInstanceOf(FormTooLargeError);
  });

  it("the refusal is the translated page", async () => {
    const thrown = (await readForm(request(fields(FORM_LIMITS.fields + 1), { cookie: "lang=en" })).catch((e: unknown) => e)) as Response;
    expect(thrown.status).toBe(413);
    expect(thrown.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await thrown.text()).toContain("nothing was saved");
    const bad = (await readForm(request("x", { contentType: "text/plain" })).catch((e: unknown) => e)) as Response;
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("请求无效");
  });

  it("leaves the request's own stream uncancelled on a refusal, so the connection outlives it", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new TextEncoder().encode("&".repeat(4096)));
      },
      cancel() {
        cancelled = true;
      },
    });
    const req = new Request("http://x/login", {
      method: "POST",
      headers: { "content-type": URLENCODED },
      body,
      duplex: "half",
    } as RequestInit);
    expect(await status(readForm(req))).toBe(413);
    expect(cancelled).toBe(false);
  });
});

describe("a form becomes an object in one pass", () => {
  /** Counts what is asked of a form: formToObject must walk its entries once and ask nothing per name. */
  function counted(params: URLSearchParams) {
    const calls = { iterations: 0, getAll: 0, get: 0, keys: 0 };
    const form = {
      [Symbol.iterator]: () => {
        calls.iterations++;
        return params[Symbol.iterator]();
      },
      getAll: (k: string) => (calls.getAll++, params.getAll(k)),
      get: (k: string) => (calls.get++, params.get(k)),
      keys: () => (calls.keys++, params.keys()),
      entries: () => (calls.iterations++, params.entries()),
    };
    return { form: form as unknown as URLSearchParams, calls };
  }

  it("walks the entries once, whatever the number of names (no getAll per name: that was quadratic)", () => {
    const params = new URLSearchParams(fields(40_000));
    params.append("tags", "a");
    params.append("tags", "b");
    params.append("f1", "last");
    const { form, calls } = counted(params);
    const out = formToObject(form, ["tags", "none"]);
    expect(calls).toEqual({ iterations: 1, getAll: 0, get: 0, keys: 0 });
    expect(Object.keys(out)).toHaveLength(40_002);
    expect(out.tags).toEqual(["a", "b"]);
    expect(out.none).toEqual([]);
    expect(out.f1).toBe("last");
  });

  it("drops NUL characters and ignores a field named __proto__", () => {
    const out = formToObject(new URLSearchParams("a=x%00y&__proto__=z"));
    expect(out.a).toBe("xy");
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["a"]);
  });
});
