import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { RequestHandler } from "express";
import { MAX_UPLOAD_BYTES } from "~/server/files.server";

/**
 * How much of a request body the server still reads (and throws away) after it has answered without
 * reading it all: twice the largest form the app accepts. A body declared or found to be larger is not
 * worth the bandwidth, and its connection is closed instead.
 */
export const DISCARD_LIMIT_BYTES = 2 * (MAX_UPLOAD_BYTES + 256 * 1024);

/** How long a connection closed with a body still arriving keeps reading (and dropping) it after the answer. */
export const LINGER_MS = 2_000;

/**
 * Closes a connection whose request body is still arriving without losing the answer: the answer is
 * followed by a FIN (the client reads it to the end), and what the client still sends is read and dropped
 * for `ms` — at most `bytes` of it — before the socket is destroyed. Destroying at once (what Node does
 * after a "Connection: close" answer) makes the client's next write meet a reset, and a client that had
 * not read the answer yet reported EPIPE / ECONNRESET in its place (2 of 3 over-limit uploads did).
 */
export function lingeringClose(req: IncomingMessage, ms = LINGER_MS, bytes = DISCARD_LIMIT_BYTES): void {
  const socket = req.socket;
  if (socket.destroyed) return;
  const timer = setTimeout(() => socket.destroy(), ms);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  socket.end();
  if (req.complete) return;
  req.removeAllListeners("data");
  let left = bytes;
  req.on("data", (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) socket.destroy();
  });
  req.on("error", () => undefined);
  req.resume();
}

/**
 * Answers sent before the request's body was read: a refusal, a guard's redirect, a form over the size
 * limit. The rest of such a body is still on its way, and two things go wrong with it unless it is read:
 * - Left in the socket (Remix starts reading every body and pauses when its stream is not pulled), it is
 *   taken for the next request on that keep-alive connection, which then fails (found by the fuzz suite).
 * - Closing the connection instead (what this did before) loses answers: once the server has closed, the
 *   client's next write of the body meets a reset, and a client that had not yet read the answer reports
 *   `write EPIPE` / ECONNRESET in its place (seen once in CI, an anonymous POST answered by a redirect).
 *   Browsers show such an answer as "connection reset".
 * So the answer goes out first and the connection stays open while the rest of the body is read and
 * dropped, as web servers' "lingering close" does; a body over `limit` gets "Connection: close", and its
 * connection is closed after the answer without a reset (lingeringClose).
 */
export function discardUnreadBodies(limit = DISCARD_LIMIT_BYTES): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    if (Number(req.headers["content-length"] ?? 0) > limit) {
      // Too large to read through: say so, and close after the answer.
      const writeHead = res.writeHead;
      res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
        if (!req.complete) {
          this.setHeader("Connection", "close");
          // Node ends an answer marked "Connection: close" with socket.destroySoon(): linger instead.
          (req.socket as Socket & { destroySoon?: () => void }).destroySoon = () => lingeringClose(req);
        }
        return writeHead.apply(this, args);
      } as typeof writeHead;
      return next();
    }
    res.once("finish", () => {
      if (req.complete || req.destroyed) return;
      // Whoever started on the body has stopped (Remix's stream pump pauses the request when nobody pulls):
      // detach it, and read the rest into nothing; past `limit`, close without losing the answer.
      req.removeAllListeners("data");
      let left = limit;
      const onData = (chunk: Buffer) => {
        left -= chunk.length;
        if (left < 0) {
          req.off("data", onData);
          lingeringClose(req);
        }
      };
      req.on("data", onData);
      req.resume();
    });
    next();
  };
}
