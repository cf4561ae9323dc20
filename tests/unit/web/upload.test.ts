import { describe, expect, it } from "vitest";
import { FormTooLargeError, readFormWithUpload, readMultipartForm } from "~/web/upload.server";

const multipart = (name: string, bytes: BlobPart = "%PDF-1.4 x") => {
  const fd = new FormData();
  fd.set("title", "标题");
  fd.set("document", new Blob([bytes], { type: "application/pdf" }), name);
  return new Request("http://x/", { method: "POST", body: fd });
};

describe("reading uploaded forms", () => {
  it("keeps file names with '=', ';', quotes and markup (Remix's parser refused the first two)", async () => {
    for (const name of ["报告=终稿.pdf", "a;b.pdf", 'q".pdf', '"><img src=x onerror=alert(1)>.html']) {
      const form = await readMultipartForm(multipart(name));
      const file = form.get("document") as File;
      expect(file.size, name).toBe(10);
      expect(form.get("title")).toBe("标题");
    }
  });

  it("refuses a body over the limit while it streams in, with or without Content-Length", async () => {
    await expect(readMultipartForm(multipart("big.pdf", new Uint8Array(2048)), 1024)).rejects.toBeInstanceOf(FormTooLargeError);
    const chunked = new Request("http://x/", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=b" },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 8; i++) c.enqueue(new Uint8Array(512));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    await expect(readMultipartForm(chunked, 1024)).rejects.toBeInstanceOf(FormTooLargeError);
  });

  it("answers 400 to a body that is not a form, and reads urlencoded forms too", async () => {
    const broken = new Request("http://x/", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=zz" },
      body: "--zz\r\ngarbage",
    });
    const thrown = await readMultipartForm(broken).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
    const plain = await readMultipartForm(new Request("http://x/", { method: "POST", body: new URLSearchParams({ a: "1" }) }));
    expect(plain.get("a")).toBe("1");
  });

  it("reports a file over 10 MB as too large, for the field message", async () => {
    const r = await readFormWithUpload(multipart("huge.pdf", new Uint8Array(10 * 1024 * 1024 + 1)));
    expect(r).toEqual({ tooLarge: true });
  });
});
