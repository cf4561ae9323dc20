/** SVG path strings: lines with gaps for missing data, and the point markers that tell series apart. */
import { r2 } from "./scale";

export interface Pt {
  x: number;
  y: number;
}

/** Runs of consecutive points; a null breaks the line (a gap for missing data). */
export function segments(points: readonly (Pt | null)[]): Pt[][] {
  const out: Pt[][] = [];
  let cur: Pt[] = [];
  for (const p of points) {
    if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) cur.push(p);
    else if (cur.length) {
      out.push(cur);
      cur = [];
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

/** "M x,y L x,y …" with a new M after every gap. A run of one point draws nothing: markers show it. */
export function linePath(points: readonly (Pt | null)[]): string {
  return segments(points)
    .map((run) => run.map((p, i) => `${i ? "L" : "M"}${r2(p.x)},${r2(p.y)}`).join(""))
    .join("");
}

export type MarkerShape = "circle" | "square" | "triangle" | "diamond";
export const MARKERS: readonly MarkerShape[] = ["circle", "square", "triangle", "diamond"];

/** A closed path for a point marker of radius r centred on (x, y). */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  const f = r2;
  switch (shape) {
    case "square":
      return `M${f(x - r)},${f(y - r)}h${f(2 * r)}v${f(2 * r)}h${f(-2 * r)}Z`;
    case "triangle": {
      const h = r * 1.2;
      return `M${f(x)},${f(y - h)}L${f(x + h)},${f(y + h * 0.8)}L${f(x - h)},${f(y + h * 0.8)}Z`;
    }
    case "diamond": {
      const h = r * 1.3;
      return `M${f(x)},${f(y - h)}L${f(x + h)},${f(y)}L${f(x)},${f(y + h)}L${f(x - h)},${f(y)}Z`;
    }
    default:
      return `M${f(x - r)},${f(y)}a${f(r)},${f(r)} 0 1,0 ${f(2 * r)},0a${f(r)},${f(r)} 0 1,0 ${f(-2 * r)},0Z`;
  }
}
