import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** Chart colours that read on the dark background (each above 4.5:1 against --bg). */
export const INK = {
  text: '#d9d2c5',
  grid: 'rgba(217, 210, 197, 0.12)',
  hr: '#f08a7a',
  trend: '#f4c27a',
  tempo: '#9cc7f0',
  volume: '#b9a2f2',
  light: '#e8e07a',
  calm: '#8fd6a8',
} as const;

export function axis(scale: string, label: string, side: 0 | 1 | 2 | 3 = 3, extra: Partial<uPlot.Axis> = {}) {
  return {
    scale,
    label,
    side,
    stroke: INK.text,
    grid: { stroke: INK.grid, width: 1, show: side === 3 },
    ticks: { stroke: INK.grid, width: 1 },
    ...extra,
  } satisfies uPlot.Axis;
}

interface ChartProps {
  /** What the chart shows, for people who cannot see it (a table or list beside it gives the data). */
  label: string;
  id?: string;
  height: number;
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
}

/** One uPlot chart, sized to its container and redrawn when the container's width changes. */
export function Chart({ label, id, height, options, data }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => Math.max(280, el.clientWidth);
    const plot = new uPlot({ ...options, width: width(), height }, data, el);
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [options, data, height]);
  return <div ref={box} id={id} class="chart" role="img" aria-label={label} />;
}
