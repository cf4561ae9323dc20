import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/lib/i18n-react";

export const streamTimeout = 5_000;

/**
 * React 18.3's Node stream encoder, when a string does not fit the rest of its 2,048-byte buffer, sends the
 * whole buffer — the one or two bytes a multi-byte character left unwritten at its end go out as NUL — and
 * then writes the character in full at the start of the next buffer (facebook/react#24985, fixed in React 19).
 * The NULs are extra bytes, never part of a character (0x00 occurs in UTF-8 only as U+0000, which no page
 * shows), so dropping every 0x00 byte gives back exactly the document React meant.
 */
export function withoutNul(body: Buffer<ArrayBuffer>): Buffer<ArrayBuffer> {
  if (body.indexOf(0) === -1) return body;
  const out = Buffer.allocUnsafe(body.byteLength);
  let n = 0;
  for (let i = 0; i < body.byteLength; i++) {
    const b = body[i]!;
    if (b !== 0) out[n++] = b;
  }
  return out.subarray(0, n);
}

/**
 * Renders the whole document, then answers with it in one piece. No page of the app defers data (no
 * `defer`, no `<Await>`), so streaming sent nothing earlier than the whole page would, and cost each page
 * view a Node stream, a Web stream around it and a socket write per React chunk (docs/decisions/036; the
 * cost is in db/README.md). The answer also gets a Content-Length.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.nonce;
  return new Promise<Response>((resolve, reject) => {
    const chunks: Buffer[] = [];
    // Errors inside the page once its shell rendered (the answer becomes a 500); an error in the shell
    // itself rejects, and Remix reports it and renders the error boundary.
    const errors: unknown[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        clearTimeout(timer);
        for (const error of errors) console.error(error);
        const body = withoutNul(Buffer.concat(chunks));
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        responseHeaders.set("Content-Length", String(body.byteLength));
        resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          pipe(sink);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          errors.push(error);
        },
      },
    );
    timer = setTimeout(abort, streamTimeout + 1000);
  });
}
