/** `Tuple<T, 3>` is `[T, T, T]`. */
export type Tuple<T, N extends number, Acc extends T[] = []> = Acc['length'] extends N ? Acc : Tuple<T, N, [...Acc, T]>;

/**
 * The list as an n-tuple, after checking it has exactly n items: lets tests destructure results
 * (`const [a, b] = tuple(await encoder.embed(['x', 'y']), 2)`) under noUncheckedIndexedAccess.
 */
export function tuple<T, N extends number>(xs: readonly T[], n: N): Tuple<T, N> {
  if (xs.length !== n) throw new Error(`expected ${n} items (got ${xs.length})`);
  return xs as unknown as Tuple<T, N>;
}
