/** ISO-8601 durations (PnDTnHnMnS, PnW) to milliseconds, for time windows such as trending's. */
import { BadInputError, printable } from './errors';

const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(field: string, value: unknown, maxMs = 366 * 86_400_000): number {
  const m = typeof value === 'string' ? PATTERN.exec(value) : null;
  if (!m || value === 'P' || (value as string).endsWith('T')) {
    throw new BadInputError(
      field,
      `${field} must be an ISO-8601 duration such as P7D or PT24H (got ${printable(value)})`,
      value,
    );
  }
  const [, w, d, h, min, s] = m;
  const ms =
    ((Number(w ?? 0) * 7 + Number(d ?? 0)) * 86_400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0)) *
    1000;
  if (ms <= 0 || ms > maxMs)
    throw new BadInputError(
      field,
      `${field} must be longer than 0 and at most ${maxMs / 86_400_000} days (got ${printable(value)})`,
      value,
    );
  return ms;
}
