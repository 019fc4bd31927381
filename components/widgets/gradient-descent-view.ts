// The explorer's drawing (chapter 6). The static part of each chart (axes, the loss curve or the
// contour lines) is drawn once at build time with Observable Plot, in this frame; the walk is an
// overlay drawn by overlaySvg(), on the server for the first state and in the browser after.
// Both use the same linear scales, so the overlay sits exactly on Plot's axes.

import { fmt, fmtPoint, isOnMap, type Point, type Surface, type Walk } from './gradient-descent-model.ts';

export const FRAME = { width: 380, height: 320, marginLeft: 46, marginRight: 14, marginTop: 26, marginBottom: 40 };

export interface Scales { x: (v: number) => number; y: (v: number) => number; xInv: (px: number) => number; yInv: (py: number) => number }

function linear(domain: [number, number], range: [number, number]) {
  const [d0, d1] = domain, [r0, r1] = range;
  return {
    to: (v: number) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0),
    from: (p: number) => d0 + ((p - r0) / (r1 - r0)) * (d1 - d0),
  };
}

/** x is the (first) weight; y is the loss for one weight, the second weight for two. */
export function scales(surface: Surface): Scales {
  const { width, height, marginLeft, marginRight, marginTop, marginBottom } = FRAME;
  const sx = linear(surface.domain[0], [marginLeft, width - marginRight]);
  const yDomain = surface.dim === 1 ? surface.lossDomain! : surface.domain[1];
  const sy = linear(yDomain, [height - marginBottom, marginTop]);
  return { x: sx.to, y: sy.to, xInv: sx.from, yInv: sy.from };
}

/** Chart coordinates of a point of the walk (clamped far outside, so SVG stays sane). */
function position(surface: Surface, s: Scales, w: Point, loss: number): [number, number] {
  const clamp = (v: number) => Math.max(-5000, Math.min(5000, Number.isFinite(v) ? v : 5000));
  return [clamp(s.x(w[0])), clamp(s.y(surface.dim === 1 ? loss : w[1]))];
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** The walk drawn over the chart: a line through every point, a dot per point, the current one ringed. */
export function overlaySvg(surface: Surface, walk: Walk, clipId: string): string {
  const s = scales(surface);
  const pts = walk.path.map((w, i) => position(surface, s, w, walk.losses[i]));
  const line = pts.length > 1 ? `<polyline class="gd-path" points="${pts.map(([x, y]) => `${r2(x)},${r2(y)}`).join(' ')}" />` : '';
  const dots = pts.slice(0, -1).map(([x, y]) => `<circle class="gd-dot" cx="${r2(x)}" cy="${r2(y)}" r="3" />`).join('');
  const [cx, cy] = pts[pts.length - 1];
  const current = `<circle class="gd-current${walk.status === 'diverged' ? ' gd-current-bad' : ''}" cx="${r2(cx)}" cy="${r2(cy)}" r="6" />`;
  const start = `<circle class="gd-start" cx="${r2(pts[0][0])}" cy="${r2(pts[0][1])}" r="5" />`;
  return `<g clip-path="url(#${clipId})">${line}${dots}${start}${current}</g>`;
}

/** The clip rectangle of the plotting area, so a runaway walk does not draw over the axes. */
export function clipDef(clipId: string): string {
  const { width, height, marginLeft, marginRight, marginTop, marginBottom } = FRAME;
  return `<defs><clipPath id="${clipId}"><rect x="${marginLeft - 6}" y="${marginTop - 6}" width="${width - marginLeft - marginRight + 12}" height="${height - marginTop - marginBottom + 12}" /></clipPath></defs>`;
}

/** The chart's text alternative: what is drawn, and where the walk is. */
export function chartLabel(surface: Surface, walk: Walk): string {
  const t = walk.path.length - 1;
  const w = walk.path[t];
  const what = surface.dim === 1
    ? `The curve of ${surface.formula}, for w from ${fmt(surface.domain[0][0])} to ${fmt(surface.domain[0][1])}.`
    : `Contour lines of ${surface.formula}, for both weights from ${fmt(surface.domain[0][0])} to ${fmt(surface.domain[0][1])}.`;
  const walkText = t === 0
    ? `The start is marked at ${fmtPoint(w)}.`
    : `The walk's ${t} step${t === 1 ? '' : 's'} are drawn from ${fmtPoint(walk.path[0])} to ${fmtPoint(w)}${isOnMap(surface, w) ? '' : ', outside the drawn area'}.`;
  return `${what} ${walkText}`;
}
