/**
 * A line chart over UTC days, drawn by uPlot (a canvas: small, fast, no dependencies). A canvas says nothing
 * to a screen reader, so the chart is an image with a label and every chart is followed by its figures as a
 * table (the screen that uses it renders that table).
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** A dash pattern, so series differ by more than their colour. */
  dash?: number[];
}

export interface DayChartProps {
  /** What the chart shows, for its figure caption and its image label. */
  title: string;
  /** `YYYY-MM-DD`, one per point. */
  days: string[];
  series: ChartSeries[];
  /** Axis and legend values. */
  format: (value: number) => string;
  /** A fixed value range (shares: 0 to 1); otherwise from 0 to the data's maximum. */
  range?: [number, number];
}

const HEIGHT = 260;
const utc = (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC');

export function DayChart({ title, days, series, format, range }: DayChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    if (!element) return undefined;
    const x = days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 320),
        height: HEIGHT,
        tzDate: utc,
        scales: {
          x: { time: true },
          y: { range: (_self, _min, max) => range ?? [0, max > 0 ? max * 1.1 : 1] },
        },
        axes: [
          { values: (_self, ticks) => ticks.map((tick) => utc(tick).toISOString().slice(5, 10)) },
          { values: (_self, ticks) => ticks.map(format), size: 70 },
        ],
        series: [
          { label: 'Day', value: (_self, tick) => (tick === null ? '—' : utc(tick).toISOString().slice(0, 10)) },
          ...series.map((line) => ({
            label: line.label,
            stroke: line.color,
            width: 2,
            dash: line.dash,
            points: { show: true, size: 6 },
            value: (_self: uPlot, value: number | null) => (value === null ? '—' : format(value)),
          })),
        ],
      },
      [x, ...series.map((line) => line.values)],
      element,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(element.clientWidth, 320), height: HEIGHT }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [days, series, format, range]);
  return (
    <figure class="chart card">
      <figcaption>{title}</figcaption>
      <div ref={holder} role="img" aria-label={`${title} (chart; the figures are in the table below)`} />
    </figure>
  );
}
