/**
 * Splits items into consecutive batches of at most `size`: exactly ceil(n/size) batches, none empty.
 * (Terraform's CLB resource sends an extra empty call when n is a multiple of 20; this never does.)
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
