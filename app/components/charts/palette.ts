/**
 * Series colours: Okabe–Ito hues (safe for the common colour-vision deficiencies), the two light ones
 * replaced so every colour keeps 3:1 against white (WCAG 1.4.11). Lines also differ by dash and marker.
 */

export const PALETTE: readonly string[] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#9E6A00", "#555555"];
export const DASHES: readonly string[] = ["", "6 3", "2 3", "8 3 2 3", "4 2", "1 2"];

export function seriesColor(i: number, override?: string): string {
  return override ?? PALETTE[i % PALETTE.length]!;
}

function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return 0;
  const n = parseInt(m[1]!, 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
