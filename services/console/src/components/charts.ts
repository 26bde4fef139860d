// ECharts modules imported per chart type: only bar and line charts, the components they use, and canvas.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

export { echarts };
export type EChartsOption = Parameters<echarts.ECharts['setOption']>[0];

/** The same colour for the same quantity on every page (四个底数, placements, targets). */
export const colours = {
  labour: '#2563eb',
  intending: '#0891b2',
  willingToTrain: '#16a34a',
  suitablePosts: '#ea580c',
  placed: '#2563eb',
  target: '#dc2626',
};
