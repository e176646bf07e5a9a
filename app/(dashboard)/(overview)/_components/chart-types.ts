/** One coloured part of a chart (a stack in a bar, a line): its data key, its words and its colour. */
export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

/** One bar or point: the API's bucket label and a number per series key. */
export type ChartRow = { label: string } & Record<string, number | string>;

// The house palette for data (Tailwind's 600s, brand blue first): distinguishable side by side and at
// least 3:1 against the white card, as WCAG asks of the parts of a graphic.
export const SERIES_COLORS = ['#1f5bc4', '#0d9488', '#9333ea', '#d97706', '#db2777', '#0284c7', '#65a30d'];
export const OTHER_COLOR = '#64748b';
