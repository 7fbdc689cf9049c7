/**
 * A snapshot that holds every write acknowledged before the call. ServingState.reload() joins a load
 * already in progress (src/recommend/serving-state.ts), and one may be running then: the embed queue
 * schedules a reload once new media's text vectors are stored. A joined load can have begun before the
 * last writes (explorer.e2e.test.ts once saw a follow missing from the neighbourhood). The second call
 * starts after the first has finished, so its load begins after every write.
 */
export async function reloadAfterWrites(state: { reload(): Promise<void> }): Promise<void> {
  await state.reload();
  await state.reload();
}
