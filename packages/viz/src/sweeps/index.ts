/**
 * `@perturber/viz/sweeps`: small composable plots for parameter-sweep results (tuning curves,
 * 2D heatmaps, inputs weighted by response). They take plain arrays and know nothing of how a
 * sweep is run.
 */
export { LinePlot, type LinePlotProps, type LinePlotSeries } from './LinePlot'
export { BarChart, type BarChartProps, type BarChartSeries } from './BarChart'
export { Heatmap, type HeatmapProps } from './Heatmap'
export { ThumbnailGrid, type ThumbnailGridProps, type ThumbnailItem } from './ThumbnailGrid'
export { WeightedThumbnail, type WeightedThumbnailProps } from './WeightedThumbnail'
export { Axis, type AxisProps } from './Axis'
export { Legend, type LegendProps, type LegendItem } from './Legend'
export { ColorBar, type ColorBarProps } from './ColorBar'
export { niceTicks, linearScale, nearestIndex, fractionalIndex, finiteExtent, padDomain, formatNumber, type LinearScale } from './scale'
export {
  sequentialColors,
  divergingColors,
  colorMapOf,
  interpolateStops,
  valuesToRgba,
  effectiveDomain,
  normalizeValue,
  cssGradient,
  rgbToCss,
  relativeLuminance,
  VIRIDIS_STOPS,
  BLUE_WHITE_RED_STOPS,
  type ColorMap,
  type Rgb,
  type HeatmapScale,
  type ValuesToRgbaOptions,
} from './colorScale'
export { weightedThumbnail, maxAbsWeight, THUMBNAIL_BACKGROUND, type RgbaImage } from './thumbnails'
export { linePath, bandPath, finiteRuns } from './paths'
