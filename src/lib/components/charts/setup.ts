import {
	Chart,
	BarController,
	BarElement,
	LineController,
	LineElement,
	PointElement,
	CategoryScale,
	LinearScale,
	Legend,
	Tooltip
} from 'chart.js';
import { SERIES_COLOURS, STATUS_COLOURS } from '$lib/domain/charts';

// Only the controllers the dashboard uses: keeps the lazily loaded chunk small.
Chart.register(
	BarController,
	BarElement,
	LineController,
	LineElement,
	PointElement,
	CategoryScale,
	LinearScale,
	Legend,
	Tooltip
);
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
Chart.defaults.color = '#1b1f24';
Chart.defaults.animation = false;

/**
 * A fill that differs by more than colour: stripes, dots, cross-hatch… so series stay distinct in
 * greyscale print and for colour-blind readers.
 */
export function seriesFill(index: number): CanvasPattern | string {
	return patternFill(SERIES_COLOURS[index % SERIES_COLOURS.length], index % 4);
}

/** A colour with one of four patterns: 0 solid, 1 diagonal stripes, 2 dots, 3 horizontal lines. */
export function patternFill(colour: string, pattern: number): CanvasPattern | string {
	const size = 10;
	const c = document.createElement('canvas');
	c.width = c.height = size;
	const ctx = c.getContext('2d');
	if (!ctx) return colour;
	ctx.fillStyle = colour;
	ctx.fillRect(0, 0, size, size);
	ctx.strokeStyle = 'rgba(255,255,255,0.85)';
	ctx.fillStyle = 'rgba(255,255,255,0.85)';
	ctx.lineWidth = 2;
	switch (pattern % 4) {
		case 1: // diagonal stripes
			ctx.beginPath();
			ctx.moveTo(0, size);
			ctx.lineTo(size, 0);
			ctx.stroke();
			break;
		case 2: // dots
			ctx.beginPath();
			ctx.arc(size / 2, size / 2, 1.8, 0, Math.PI * 2);
			ctx.fill();
			break;
		case 3: // horizontal lines
			ctx.fillRect(0, size / 2 - 1, size, 2);
			break;
	}
	return ctx.createPattern(c, 'repeat') ?? colour;
}

export const seriesColour = (index: number) => SERIES_COLOURS[index % SERIES_COLOURS.length];

/** A status's fill and border from the one status palette (see STATUS_COLOURS). */
export function statusStyle(status: string): { fill: CanvasPattern | string; colour: string } {
	const s = STATUS_COLOURS[status] ?? STATUS_COLOURS.non_renseigne;
	return { fill: patternFill(s.colour, s.pattern), colour: s.colour };
}
export const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot'] as const;

export { Chart };
