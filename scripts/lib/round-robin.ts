import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A tiny HTTP load balancer for tests: each request goes to the next upstream in turn, with its Host
 * header unchanged (the app's same-origin check sees the balancer's address, as behind a real one).
 * Nothing is sticky, so anything an instance kept in memory for a user would show at once.
 */
export async function startRoundRobin(upstreams: string[]): Promise<{ url: string; counts: number[]; stop(): Promise<void> }> {
  const targets = upstreams.map((u) => new URL(u));
  const counts = targets.map(() => 0);
  let next = 0;
  const server = http.createServer((req, res) => {
    const i = next;
    next = (next + 1) % targets.length;
    counts[i]! += 1;
    const t = targets[i]!;
    let answered = false;
    const upstream = http.request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      answered = true;
      // Hop-by-hop headers are the upstream connection's, not the client's (RFC 9110 §7.6.1).
      const headers = { ...up.headers };
      for (const h of ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]) delete headers[h];
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
      // An answer sent before the client's body was all read (a refusal, a redirect): the upstream has what
      // it needs, and Node's client stops emitting 'drain' for a request whose answer has ended, so piping
      // the rest would stall the client's connection, and the next request on it would wait behind that
      // body until the idle timeout reset it. The upstream request is dropped and the rest of the body read
      // into nothing here, as a real proxy does; the client's connection stays usable.
      up.once("end", () => {
        if (req.complete) return;
        req.unpipe(upstream);
        upstream.destroy();
        req.resume();
      });
      up.once("error", () => res.destroy());
    });
    upstream.on("error", (e) => {
      // An upstream that answered early (before reading the whole body) and closed: its answer stands, and
      // the rest of the client's body is read and dropped so the client's connection stays usable.
      req.unpipe(upstream);
      req.resume();
      if (answered) return;
      if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" });
      res.end(`upstream ${t.host} failed: ${e.message}`);
    });
    req.pipe(upstream);
  });
  // Idle client connections are kept as long as the app keeps its own (scripts/start.ts): with Node's 5 s
  // default a client reusing a connection just as the balancer closed it got ECONNRESET, which no real
  // balancer in front of the app would cause.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    counts,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
