/**
 * A small HTTP client for the fuzz suite: one cookie jar per actor, requests built byte by byte so
 * hostile values (lone surrogates, invalid UTF-8, malformed percent-escapes, broken multipart framing)
 * reach the server exactly as a hostile client would send them.
 */

/** A file part of a multipart body. */
export interface FilePart {
  file: true;
  filename: string;
  type: string;
  bytes: Uint8Array;
}

/**
 * One form value: text (encoded as WTF-8, so lone surrogates arrive as the bytes a broken client
 * sends), raw bytes, a fragment inserted verbatim into the encoded body, or a file.
 */
export type Val = string | { bytes: Uint8Array } | { raw: string } | FilePart;
export type Entry = [name: string, value: Val];

export type Transport = "urlencoded" | "multipart" | "json" | "text" | "brokenMultipart" | "none";

/** Code points to bytes, with lone surrogates written as 3-byte sequences (WTF-8), as a sloppy encoder does. */
export function wtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

const UNRESERVED = /[A-Za-z0-9*\-._]/;

function percentEncode(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (b < 0x80 && UNRESERVED.test(ch)) s += ch;
    else if (b === 0x20) s += "+";
    else s += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return s;
}

function valueBytes(v: Val): Uint8Array {
  if (typeof v === "string") return wtf8(v);
  if ("file" in v) return wtf8(v.filename);
  if ("bytes" in v) return v.bytes;
  return wtf8(v.raw);
}

export function urlencoded(entries: Entry[]): string {
  return entries
    .map(([k, v]) => {
      const value = typeof v === "object" && "raw" in v ? v.raw : percentEncode(valueBytes(v));
      return `${percentEncode(wtf8(k))}=${value}`;
    })
    .join("&");
}

/** What browsers do to names and file names in a multipart header (HTML's form-data encoding). */
function headerEscape(s: string): string {
  return s.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function multipart(entries: Entry[], boundary: string): Uint8Array {
  const enc = (s: string) => wtf8(s);
  const parts: Uint8Array[] = [];
  for (const [k, v] of entries) {
    parts.push(enc(`--${boundary}\r\n`));
    if (typeof v === "object" && "file" in v) {
      parts.push(
        enc(
          `Content-Disposition: form-data; name="${headerEscape(k)}"; filename="${headerEscape(v.filename)}"\r\nContent-Type: ${v.type.replace(/[\r\n]/g, "")}\r\n\r\n`,
        ),
      );
      parts.push(v.bytes);
    } else {
      parts.push(enc(`Content-Disposition: form-data; name="${headerEscape(k)}"\r\n\r\n`));
      parts.push(valueBytes(v));
    }
    parts.push(enc("\r\n"));
  }
  parts.push(enc(`--${boundary}--\r\n`));
  return concat(parts);
}

export interface Reply {
  status: number;
  contentType: string;
  location: string | null;
  body: string;
  ms: number;
  /** Bytes of the request body. */
  sentBytes: number;
}

export interface SendOptions {
  method?: string;
  entries?: Entry[];
  transport?: Transport;
  /** A body sent as is (with `contentType`). */
  rawBody?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  /** Leave out the Origin header (the same-origin guard then refuses the post). */
  noOrigin?: boolean;
}

export class Client {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    readonly label: string,
  ) {}

  private absorb(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const eq = pair.indexOf("=");
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /max-age=0/i.test(c) || /expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async send(path: string, opts: SendOptions = {}): Promise<Reply> {
    const method = opts.method ?? (opts.entries || opts.rawBody !== undefined ? "POST" : "GET");
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size && !("cookie" in headers)) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (method !== "GET" && method !== "HEAD" && !opts.noOrigin) headers.origin = this.base;
    let body: string | Uint8Array | undefined;
    if (opts.rawBody !== undefined) {
      body = opts.rawBody;
      if (opts.contentType) headers["content-type"] = opts.contentType;
    } else if (opts.entries) {
      const transport = opts.transport ?? "urlencoded";
      const boundary = `----zjcsFuzz${Math.random().toString(36).slice(2)}`;
      switch (transport) {
        case "urlencoded":
          body = urlencoded(opts.entries);
          headers["content-type"] = "application/x-www-form-urlencoded";
          break;
        case "multipart":
          body = multipart(opts.entries, boundary);
          headers["content-type"] = `multipart/form-data; boundary=${boundary}`;
          break;
        case "brokenMultipart": {
          // The framing breaks off half way, or the boundary in the header is not the body's.
          const full = multipart(opts.entries, boundary);
          body = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
          headers["content-type"] = `multipart/form-data; boundary=${boundary}`;
          break;
        }
        case "json":
          body = JSON.stringify(Object.fromEntries(opts.entries.map(([k, v]) => [k, typeof v === "string" ? v : "x"])));
          headers["content-type"] = "application/json";
          break;
        case "text":
          body = urlencoded(opts.entries);
          headers["content-type"] = "text/plain;charset=UTF-8";
          break;
        case "none":
          body = urlencoded(opts.entries);
          break;
      }
    }
    const started = Date.now();
    let res: Response;
    try {
      res = await fetch(new URL(path, this.base), { method, headers, body: body as BodyInit | undefined, redirect: "manual" });
    } catch (e) {
      // No answer at all (the server closed the connection): status 0, with the reason and the body size.
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      return {
        status: 0,
        contentType: "",
        location: null,
        body: `${(e as Error).message}: ${cause?.code ?? ""} ${cause?.message ?? ""}`,
        ms: Date.now() - started,
        sentBytes: body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.length,
      };
    }
    this.absorb(res);
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get("content-type") ?? "",
      location: res.headers.get("location"),
      body: text,
      ms: Date.now() - started,
      sentBytes: body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.length,
    };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.send(path, { method: "GET", headers });
  }

  post(path: string, entries: Entry[], transport: Transport = "urlencoded") {
    return this.send(path, { method: "POST", entries, transport });
  }
}

/** The value of a hidden or visible input named `name` in an HTML page (first match). */
export function inputValue(html: string, name: string): string | null {
  const re = new RegExp(`<input[^>]*name="${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*>`, "g");
  for (const m of html.matchAll(re)) {
    const v = /value="([^"]*)"/.exec(m[0]);
    if (v)
      return v[1]!
        .replace(/&amp;/g, "&")
        .replace(/&quot;/g, '"')
        .replace(/&#x27;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">");
  }
  return null;
}

/** Every value of inputs named `name` (hidden ids in a list of forms). */
export function inputValues(html: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<input[^>]*name="${name}"[^>]*>`, "g");
  for (const m of html.matchAll(re)) {
    const v = /value="([^"]*)"/.exec(m[0]);
    if (v) out.push(v[1]!);
  }
  return out;
}

/** The values of a select's options (e.g. every service item id). */
export function optionValues(html: string, selectName: string): string[] {
  const select = new RegExp(`<select[^>]*name="${selectName}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!select) return [];
  return [...select[1]!.matchAll(/<option[^>]*value="([^"]*)"/g)].map((m) => m[1]!).filter(Boolean);
}
