/**
 * `@perturber/viz/batch`: small composable widgets for batch evaluations: an accuracy table with
 * counts, a table coloured by value (e.g. error per corruption and severity), and a captioned image
 * gallery (e.g. the misclassified images). Plain data in, no model.
 */
export { AccuracyTable, formatAccuracy, type AccuracyTableProps, type AccuracyTableRow, type AccuracyCell } from './AccuracyTable'
export { ImageGallery, type GalleryProps, type GalleryItem } from './ImageGallery'
export { TableHeatmap, type TableHeatmapProps, type TableHeatmapRow } from './TableHeatmap'
