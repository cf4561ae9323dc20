import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRoundRobin } from "../../../scripts/lib/round-robin";

/**
 * The balancer the e2e suite puts in front of two app instances must not lose requests itself: a fault of
 * the test's own plumbing would show as the app's. The upstream here answers a body over 64 KiB before
 * reading it (as the app's refusals do) and reads the rest into nothing after the answer.
 */
const EARLY_LIMIT = 64 * 1024;

async function upstream(): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer((req, res) => {
    if (Number(req.headers["content-length"] ?? 0) > EARLY_LIMIT) {
      res.once("finish", () => {
        if (!req.complete) req.resume();
      });
      res.writeHead(413, { "content-type": "text/plain" }).end("too large");
      return;
    }
    let bytes = 0;
    req.on("data", (c: Buffer) => (bytes += c.length));
    req.on("end", () => res.writeHead(200, { "content-type": "text/plain" }).end(`read ${bytes}`));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("the e2e balancer", () => {
  let ups: { url: string; server: http.Server }[];
  let rr: Awaited<ReturnType<typeof startRoundRobin>>;
  // One connection: every request reuses the connection of the one before it.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    ups = [await upstream(), await upstream()];
    rr = await startRoundRobin(ups.map((u) => u.url));
  });
  afterAll(async () => {
    agent.destroy();
    await rr.stop();
    for (const u of ups) u.server.close();
  });

  const post = (path: string, body: Uint8Array | string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(rr.url + path, { method: "POST", agent, headers: { "content-length": Buffer.byteLength(body) } }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.setTimeout(3000, () => req.destroy(new Error(`no answer to ${path} within 3 s`)));
      req.on("error", reject);
      req.end(body);
    });

  it("keeps a connection usable after an upstream answered before reading the body", async () => {
    for (let i = 0; i < 4; i++) {
      // 700 KB: the upstream answers after its first chunks, with most of the body still on its way.
      expect(await post("/big", new Uint8Array(700 * 1024).fill(97))).toEqual({ status: 413, text: "too large" });
      expect(await post("/small", "a=1")).toEqual({ status: 200, text: "read 3" });
    }
  });

  it("passes a body at the upstream's limit through whole, and one a byte over is refused", async () => {
    expect(await post("/at", new Uint8Array(EARLY_LIMIT).fill(98))).toEqual({ status: 200, text: `read ${EARLY_LIMIT}` });
    expect(await post("/over", new Uint8Array(EARLY_LIMIT + 1).fill(98))).toEqual({ status: 413, text: "too large" });
    expect(await post("/after", "b=2")).toEqual({ status: 200, text: "read 3" });
  });

  it("sends requests to each upstream in turn", async () => {
    const before = [...rr.counts];
    for (let i = 0; i < 4; i++) await post("/turn", "x");
    expect(rr.counts.map((c, i) => c - before[i]!)).toEqual([2, 2]);
  });
});
