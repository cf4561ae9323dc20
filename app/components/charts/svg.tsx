/** The SVG pieces every chart draws: the accessible <svg>, text labels, the legend and the value axis. */
import type { ReactNode } from "react";
import { FONT, type LegendItem, type TextItem, type Tick } from "./layout";
import { markerPath } from "./path";
import type { Variant } from "./figure";

export const INK = "#1f2328";
export const MUTED = "#57606a";
const GRID = "#d8dee4";

export function Svg({
  id,
  variant,
  width,
  height,
  title,
  description,
  children,
}: {
  id: string;
  variant: Variant;
  width: number;
  height: number;
  title: string;
  description?: string;
  children: ReactNode;
}) {
  if (variant === "narrow") id = `${id}-narrow`;
  return (
    <svg
      className={`chart-svg chart-svg-${variant}`}
      data-variant={variant}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-labelledby={description ? `${id}-title ${id}-desc` : `${id}-title`}
      fontFamily="inherit"
      fontSize={FONT}
      fill={INK}
    >
      <title id={`${id}-title`}>{title}</title>
      {description && <desc id={`${id}-desc`}>{description}</desc>}
      {children}
    </svg>
  );
}

export function Label({ t, className, fill, weight }: { t: TextItem; className?: string; fill?: string; weight?: number }) {
  return (
    <text x={t.x} y={t.y} textAnchor={t.anchor} className={className} fill={fill} fontWeight={weight}>
      {t.full && <title>{t.full}</title>}
      {t.text}
    </text>
  );
}

export function Legend({ items, kind }: { items: LegendItem[]; kind: "box" | "line" }) {
  if (!items.length) return null;
  return (
    <g className="chart-legend">
      {items.map((it, i) => (
        <g key={i}>
          {kind === "box" ? (
            <rect x={it.x} y={it.y - 10} width={12} height={12} rx={2} fill={it.color} />
          ) : (
            <>
              <line
                x1={it.x}
                x2={it.x + 14}
                y1={it.y - 4}
                y2={it.y - 4}
                stroke={it.color}
                strokeWidth={2}
                strokeDasharray={it.dash || undefined}
              />
              {it.marker && <path d={markerPath(it.marker, it.x + 7, it.y - 4, 3)} fill={it.color} />}
            </>
          )}
          <Label t={{ x: it.x + 18, y: it.y, text: it.text, full: it.full, anchor: "start" }} />
        </g>
      ))}
    </g>
  );
}

/** Gridlines and tick labels along the value axis (rows for vertical charts, columns for horizontal). */
export function ValueAxis({
  ticks,
  plot,
  horizontal,
}: {
  ticks: Tick[];
  plot: { x: number; y: number; width: number; height: number };
  horizontal?: boolean;
}) {
  return (
    <g className="chart-grid" aria-hidden="true">
      {ticks.map((t, i) =>
        horizontal ? (
          <line key={`l${i}`} x1={t.pos} x2={t.pos} y1={plot.y} y2={plot.y + plot.height} stroke={GRID} />
        ) : (
          <line key={`l${i}`} x1={plot.x} x2={plot.x + plot.width} y1={t.pos} y2={t.pos} stroke={GRID} />
        ),
      )}
      {ticks.map((t, i) => t.at.text && <Label key={`t${i}`} t={t.at} className="chart-tick" fill={MUTED} />)}
    </g>
  );
}
