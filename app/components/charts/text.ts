/**
 * Label text: the server cannot measure fonts, so widths are estimated in em. CJK and full-width forms
 * are 1 em; Latin letters and digits about 0.55 em (Noto Sans CJK's proportional Latin). Long Chinese
 * names are truncated or wrapped to fit, crowded labels thinned or moved apart.
 */

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;
const NARROW = /[ il.,:;'|!()[\]{}`"/\\-]/;

export function charWidthEm(ch: string): number {
  if (WIDE.test(ch)) return 1;
  if (NARROW.test(ch)) return 0.3;
  if (/[A-Z%@MW]/.test(ch)) return 0.65;
  return 0.56;
}

/** Estimated width in px of `text` at `fontSize`. */
export function textWidth(text: string, fontSize = 12): number {
  let em = 0;
  for (const ch of text) em += charWidthEm(ch);
  return em * fontSize;
}

/** Cuts `text` to fit `maxWidth` px, ending with "…" when something was cut. Never splits a surrogate pair. */
export function truncateLabel(text: string, maxWidth: number, fontSize = 12): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const ell = textWidth("…", fontSize);
  const chars = Array.from(text);
  let w = 0;
  let out = "";
  for (const ch of chars) {
    const cw = charWidthEm(ch) * fontSize;
    if (w + cw + ell > maxWidth) break;
    out += ch;
    w += cw;
  }
  return `${out.trimEnd()}…`;
}

const NO_LINE_START = /^[，。、；：！？）》」』】〕,.;:!?)\]%…]/;
const NO_LINE_END = /[（《「『【〔([]$/;

/** Units that may not be split: a Latin word or number (with its trailing space), or one CJK character. */
function tokens(text: string): string[] {
  const raw = text.match(/[A-Za-z0-9.,%'’_\-+]+\s*|\s+|./gsu) ?? [];
  const out: string[] = [];
  for (const t of raw) {
    const prev = out[out.length - 1];
    if (prev !== undefined && (NO_LINE_START.test(t) || NO_LINE_END.test(prev))) out[out.length - 1] = prev + t;
    else out.push(t);
  }
  return out;
}

/**
 * Wraps into at most `maxLines` lines of `maxWidth` px, lines balanced ("环境影/响评价", not
 * "环境影响评/价"); the last line is truncated with "…" when the text does not fit.
 */
export function wrapLabel(text: string, maxWidth: number, maxLines = 2, fontSize = 12): string[] {
  const lines = greedyWrap(text, maxWidth, maxLines, fontSize);
  if (lines.length < 2 || lines[lines.length - 1]!.endsWith("…")) return lines;
  // The narrowest width that still needs no more lines.
  const total = textWidth(text, fontSize);
  for (let w = Math.ceil(total / lines.length); w < maxWidth; w += fontSize / 4) {
    const tryLines = greedyWrap(text, w, lines.length, fontSize);
    if (tryLines.length <= lines.length && !tryLines[tryLines.length - 1]!.endsWith("…")) return tryLines;
  }
  return lines;
}

function greedyWrap(text: string, maxWidth: number, maxLines: number, fontSize: number): string[] {
  if (maxLines <= 1 || textWidth(text, fontSize) <= maxWidth) return [truncateLabel(text, maxWidth, fontSize)];
  // A unit wider than a whole line (a long Latin word) is split by characters.
  const units = tokens(text).flatMap((t) => (textWidth(t, fontSize) > maxWidth ? Array.from(t) : [t]));
  const lines: string[] = [];
  let cur = "";
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (cur === "" || textWidth(cur + u, fontSize) <= maxWidth) {
      cur += cur === "" ? u.trimStart() : u;
      continue;
    }
    lines.push(cur.trimEnd());
    if (lines.length === maxLines - 1) {
      lines.push(truncateLabel(units.slice(i).join("").trim(), maxWidth, fontSize));
      return lines;
    }
    cur = u.trimStart();
  }
  if (cur.trim()) lines.push(cur.trimEnd());
  return lines;
}

/** Show every k-th of n labels so labels of width `labelWidth` (+gap) fit in `available` px. */
export function labelEvery(n: number, labelWidth: number, available: number, gap = 8): number {
  if (n <= 1 || available <= 0) return 1;
  const per = available / n;
  return Math.max(1, Math.ceil((labelWidth + gap) / per));
}

/**
 * Moves label positions apart so neighbours are at least `gap` apart, staying within [lo, hi] when they
 * can. Returns positions in the input order.
 */
export function dodge(positions: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = positions.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const ps = order.map((o) => o.p);
  for (let k = 0; k < ps.length; k++) ps[k] = Math.max(ps[k]!, k ? ps[k - 1]! + gap : lo);
  if (ps.length && ps[ps.length - 1]! > hi) {
    ps[ps.length - 1] = hi;
    for (let k = ps.length - 2; k >= 0; k--) ps[k] = Math.min(ps[k]!, ps[k + 1]! - gap);
    if (ps[0]! < lo) {
      const shift = lo - ps[0]!;
      for (let k = 0; k < ps.length; k++) ps[k] = ps[k]! + shift;
    }
  }
  const out: number[] = Array.from({ length: positions.length }, () => 0);
  order.forEach((o, k) => (out[o.i] = ps[k]!));
  return out;
}
