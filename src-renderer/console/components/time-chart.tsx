// Bar and line charts over time (uPlot, bundled; no CDN). The time axis reads in Vietnam's
// local time whatever the browser's zone. An optional shaded band marks a time range (the
// F0's presence). Every chart has its data as a table beside it for screen readers.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { LOCAL_TIME_ZONE } from '../../../shared/i18n/local-time.js';

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly color: string;
}

export interface TimeChartProps {
  /** Unix ms of each point (slot or day start). */
  readonly times: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly kind: 'bars' | 'lines';
  /** Shaded range [start, end) in Unix ms. */
  readonly band?: readonly [number, number];
  readonly height?: number;
  readonly title: string;
}

export function TimeChart({ times, series, kind, band, height = 240, title }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = times.map((t) => t / 1000);
    const data: uPlot.AlignedData = [xs, ...series.map((s) => s.values.map((v) => v ?? null))];
    const bars = uPlot.paths.bars ? uPlot.paths.bars({ size: [0.8, 40] }) : undefined;
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), LOCAL_TIME_ZONE),
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      legend: { show: true },
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          fill: kind === 'bars' ? `${s.color}cc` : undefined,
          width: kind === 'bars' ? 0 : 2,
          ...(kind === 'bars' && bars ? { paths: bars, points: { show: false } } : {}),
        })),
      ],
      axes: [{}, { size: 50 }],
      hooks: band
        ? {
            drawClear: [
              (u: uPlot) => {
                const x0 = u.valToPos(band[0] / 1000, 'x', true);
                const x1 = u.valToPos(band[1] / 1000, 'x', true);
                u.ctx.save();
                u.ctx.fillStyle = 'rgba(214, 40, 40, 0.16)';
                u.ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
                u.ctx.restore();
              },
            ],
          }
        : {},
    };
    const plot = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [times, series, kind, band, height]);
  return <div className="chart" ref={box} role="img" aria-label={title} />;
}
