/**
 * Hostile input for injection.e2e.ts. Every XSS payload, if it ever ran, would call
 * alert() or set window.__xss, so a browser without the CSP (Playwright's bypassCSP) notices it; every
 * SQL payload would break a statement built by string concatenation or change what it returns.
 */

/** Markup and script: tags, event handlers, javascript: URLs, SVG/MathML, breaking out of attributes, scripts and JSON. */
export const XSS = [
  `<script>alert("xss-script")</script>`,
  `"><img src=x onerror="window.__xss=1">`,
  `'><svg onload=alert('xss-svg')>`,
  `<svg><script>alert(1)</script></svg>`,
  `<a href="javascript:alert('xss-href')">点我</a>`,
  `javascript:alert(document.domain)`,
  `</script><script>window.__xss=1</script>`,
  `</textarea><img src=x onerror=alert(1)>`,
  `</title><script>alert(1)</script>`,
  `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>`,
  `<math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`,
  `<details open ontoggle=alert(1)>`,
  `<body onload=alert(1)>`,
  `{{constructor.constructor('alert(1)')()}}`,
  `<img src="x" onerror="&#97;&#108;&#101;&#114;&#116;(1)">`,
  `<scr<script>ipt>alert(1)</scr</script>ipt>`,
  `＜script＞alert(1)＜/script＞`,
  `<style>@import 'https://evil.example/x.css';</style>`,
  `<meta http-equiv="refresh" content="0;url=https://evil.example">`,
  `<base href="https://evil.example/">`,
] as const;

/** Quotes, comments, stacked statements, LIKE wildcards, dollar quoting, casts. */
export const SQL = [
  `' OR '1'='1`,
  `'; DROP TABLE projects; --`,
  `" OR 1=1 --`,
  `%' OR 1=1 --`,
  `'); DELETE FROM users; --`,
  `1; SELECT pg_sleep(5); --`,
  `$$; DROP TABLE organizations; $$`,
  `\\'; TRUNCATE audit_events; --`,
  `' UNION SELECT password_hash FROM users --`,
  `'::uuid`,
  `%_%`,
  `/* */ OR /* */ 1=1`,
] as const;

/** Unicode tricks: right-to-left override, zero-width joiners, combining marks, astral characters, a null byte. */
export const UNICODE = [
  `报告\u202Egpj.exe`,
  `零\u200B宽\u200D字符\uFEFF`,
  `Z̸̡̛a̷͎̓l̵̰̈g̶̯͝o̸͚͒`,
  `😀🀄𠀋𪚥`,
  `空\u0000字符`,
  `行一\r\n行二\t制表`,
] as const;

/** Short payloads for short fields (names of people, at most 50 characters). */
export const SHORT = [
  `<b onmouseover=alert(1)>名</b>`,
  `'; DROP TABLE users;--`,
  `"><svg onload=alert(1)>`,
  `<script>alert(1)</script>`,
] as const;

/** What a field is expected to show: null characters are dropped (PostgreSQL text cannot hold them). */
export const stored = (typed: string) => typed.replaceAll("\u0000", "");

/** Text as React writes it into HTML (text and attribute values alike). */
export function htmlEscaped(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

/** Where a redirect parameter must never send anyone. */
export const OPEN_REDIRECTS = [
  "https://evil.example/",
  "//evil.example/",
  "/\\evil.example/",
  "\\\\evil.example/",
  "/\\/evil.example/",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "https:evil.example",
  "/\t/evil.example/",
  "/\r\nSet-Cookie: pwned=1",
  "%2F%2Fevil.example",
  "/%2F%2Fevil.example",
  "http://localhost@evil.example/",
  " //evil.example",
  "/项目?x=1",
] as const;

/** Values for path segments and query parameters. */
export const PARAMS = [
  `' OR '1'='1`,
  `'; DROP TABLE projects; --`,
  `<script>alert(1)</script>`,
  `"><img src=x onerror=alert(1)>`,
  `\u0000`,
  `../../../../etc/passwd`,
  `%`,
  `00000000000000000000000000000000000x`,
  `------------------------------------`,
  `😀\u202E`,
  "x".repeat(3000),
] as const;
