// The chart sanitiser for Node: the build's pre-rendered outputs and the tests. DOMPurify needs
// a DOM, and jsdom is the one its authors test and recommend; linkedom, which draws the charts
// (dom.ts), lacks document.implementation and NodeFilter, so DOMPurify refuses it (and a
// refused DOMPurify returns its input unchanged). The page uses its own window instead.

import { JSDOM } from 'jsdom';
import { createChartSanitizer, type ChartSanitizer } from './sanitize.ts';

export const sanitizeChart: ChartSanitizer = createChartSanitizer(new JSDOM('').window as unknown as Parameters<typeof createChartSanitizer>[0]);
