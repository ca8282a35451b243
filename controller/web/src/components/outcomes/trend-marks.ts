import type uPlot from 'uplot';
import type { CoTherapyEntry } from '../../../../../shared/api-outcomes.js';
import { INK } from '../chart.js';
import { addDays } from './days.js';

const startOf = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/**
 * Marks on a trend chart's time axis: the programme's first day as a line, and each co-therapy's
 * days as a labelled band beneath the series, so a change reads against what else was given.
 */
export function trendMarks(
  programmeStart: string,
  coTherapies: readonly CoTherapyEntry[],
  today: string,
): uPlot.Plugin {
  const bands = coTherapies.map((t) => ({
    from: startOf(t.from),
    to: startOf(addDays(t.to ?? today, 1)),
    label: t.what,
  }));
  const start = startOf(programmeStart);
  return {
    hooks: {
      drawAxes: [
        (u) => {
          const { ctx, bbox } = u;
          ctx.save();
          ctx.font = `${Math.round(11 * devicePixelRatio)}px sans-serif`;
          bands.forEach((b, i) => {
            const x0 = Math.max(bbox.left, u.valToPos(b.from, 'x', true));
            const x1 = Math.min(bbox.left + bbox.width, u.valToPos(b.to, 'x', true));
            if (x1 <= x0) return;
            ctx.fillStyle = 'rgba(156, 199, 240, 0.13)';
            ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
            ctx.fillStyle = INK.tempo;
            ctx.fillText(b.label, x0 + 4, bbox.top + (14 + 14 * i) * devicePixelRatio);
          });
          ctx.restore();
        },
      ],
      draw: [
        (u) => {
          const { ctx, bbox } = u;
          const x = u.valToPos(start, 'x', true);
          if (x < bbox.left || x > bbox.left + bbox.width) return;
          ctx.save();
          ctx.strokeStyle = INK.light;
          ctx.lineWidth = 2 * devicePixelRatio;
          ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
          ctx.restore();
        },
      ],
    },
  };
}
