/**
 * Types and formatting shared by the segments page's parts: the segmentation as
 * `GET /v1/segments` answers it, and a feature value in its unit.
 *
 * @example
 *   featureValue(specOf('spend'), 86.4, fmt); // "¥86"
 */
import type { FeatureSpec } from '../../../../src/profiles/feature-catalogue';
import type { SegmentProjection, segmentationJson } from '../../../../src/profiles/segment-run';
import type { Format } from '../../i18n/i18n';

export type Segmentation = ReturnType<typeof segmentationJson> & { projection?: SegmentProjection; k?: number; features?: string[] };
export type SegmentInfo = Segmentation['segments'][number];

/** A feature's value as read in its unit: shares as percentages, money in the platform currency. */
export function featureValue(spec: Pick<FeatureSpec, 'unit'> | undefined, value: number | null | undefined, fmt: Format): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (spec?.unit === 'share') return fmt.percent(value, 0);
  if (spec?.unit === 'currency') return fmt.money(value);
  return fmt.number(value, Math.abs(value) < 10 ? 1 : 0);
}
