/**
 * What the chart layouts share: one layout function per chart (bar-layout, line-layout,
 * histogram-layout) turns plain data into positioned rectangles, paths and labels, and the components
 * only draw what they return. Every coordinate a layout returns is finite and rounded to 0.01.
 */
import { seriesColor } from "./palette";
import type { MarkerShape } from "./path";
import { r2 } from "./scale";
import type { SeriesInput } from "./series";
import { textWidth, truncateLabel } from "./text";

export const FONT = 12;
export const LINE = 15;
export const PAD = 8;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextItem {
  x: number;
  y: number;
  text: string;
  anchor: "start" | "middle" | "end";
  /** The untruncated text (for a tooltip) when `text` was shortened. */
  full?: string;
}

export interface LegendItem {
  x: number;
  y: number;
  text: string;
  full?: string;
  color: string;
  dash?: string;
  marker?: MarkerShape;
}

export interface Tick {
  value: number;
  /** Pixel position along the value axis. */
  pos: number;
  label: string;
  /** Where the tick label goes. */
  at: TextItem;
}

export const yTick =
  (plotX: number) =>
  (value: number, pos: number, label: string): Tick => ({
    value,
    pos: r2(pos),
    label,
    at: { x: r2(plotX - 6), y: r2(pos + FONT * 0.35), text: label, anchor: "end" },
  });

/** What every layout has: its size, the plot area, the value axis and the legend. */
export interface Common {
  width: number;
  height: number;
  plot: Rect;
  ticks: Tick[];
  axisLabel?: TextItem;
  legend: LegendItem[];
}

export function legendLayout(
  series: readonly SeriesInput[],
  x0: number,
  y0: number,
  maxWidth: number,
  style?: (i: number) => Pick<LegendItem, "dash" | "marker">,
): { items: LegendItem[]; height: number } {
  if (series.length < 2) return { items: [], height: 0 };
  const items: LegendItem[] = [];
  let x = x0;
  let y = y0 + FONT;
  const sw = 18; // swatch + gap
  series.forEach((s, i) => {
    const text = truncateLabel(s.name, Math.max(60, maxWidth / 2 - sw), FONT);
    const w = sw + textWidth(text) + 16;
    if (x > x0 && x + w > x0 + maxWidth) {
      x = x0;
      y += 18;
    }
    items.push({ x: r2(x), y: r2(y), text, full: text === s.name ? undefined : s.name, color: seriesColor(i, s.color), ...style?.(i) });
    x += w;
  });
  return { items, height: y - y0 + 10 };
}

/** Keeps a label of width w centred on x inside [lo, hi] by switching its anchor at the edges. */
export function placeX(x: number, w: number, lo: number, hi: number): Pick<TextItem, "x" | "anchor"> {
  if (x - w / 2 < lo) return { x: r2(Math.max(lo, x - w / 2)), anchor: "start" };
  if (x + w / 2 > hi) return { x: r2(Math.min(hi, x + w / 2)), anchor: "end" };
  return { x: r2(x), anchor: "middle" };
}
