/**
 * Per-item context histograms (local hour, weekday, device: the contextMatch feature's counts) written as
 * the store streams its rows, one per item × hour × weekday × device, instead of first collecting the
 * rows as objects (millions of them at 100× LastFM while the rest of a snapshot was being built).
 */
import type { ContextCounts, GraphSource } from '../domain/ports';
import type { ContextHistograms } from '../ranking/ranking-data';

export class ContextHistogramBuilder {
  private readonly ni: number;
  private rows = 0;
  private hour: Float32Array | null = null;
  private weekday: Float32Array | null = null;
  /** One column per device until done() lays them out item-major in sorted device order. */
  private readonly byDevice = new Map<string, Float32Array>();

  constructor(private readonly itemIndex: ReadonlyMap<string, number>) {
    this.ni = itemIndex.size;
  }

  put(r: ContextCounts): void {
    this.rows++;
    const i = this.itemIndex.get(r.item);
    if (i === undefined) return;
    const hour = (this.hour ??= new Float32Array(this.ni * 24));
    const weekday = (this.weekday ??= new Float32Array(this.ni * 7));
    if (r.hour !== null && r.hour >= 0 && r.hour < 24) hour[i * 24 + r.hour]! += r.n;
    if (r.weekday !== null && r.weekday >= 0 && r.weekday < 7) weekday[i * 7 + r.weekday]! += r.n;
    if (r.device !== null) {
      let column = this.byDevice.get(r.device);
      if (!column) this.byDevice.set(r.device, (column = new Float32Array(this.ni)));
      column[i]! += r.n;
    }
  }

  /** undefined when no row came at all (no engagement carries a context). */
  done(): ContextHistograms | undefined {
    if (this.rows === 0) return undefined;
    const ni = this.ni;
    const devices = [...this.byDevice.keys()].sort();
    const d = Math.max(1, devices.length);
    const device = new Float32Array(ni * d);
    devices.forEach((name, k) => {
      const column = this.byDevice.get(name)!;
      for (let i = 0; i < ni; i++) device[i * d + k] = column[i]!;
    });
    return {
      hour: this.hour ?? new Float32Array(ni * 24),
      weekday: this.weekday ?? new Float32Array(ni * 7),
      device,
      devices,
    };
  }
}

/** The store's context counts for the items of `itemIndex` (id → row), as histograms. */
export async function readContextHistograms(
  graph: Pick<GraphSource, 'streamContextCounts'>,
  itemIndex: ReadonlyMap<string, number>,
): Promise<ContextHistograms | undefined> {
  const b = new ContextHistogramBuilder(itemIndex);
  await graph.streamContextCounts((row) => b.put(row));
  return b.done();
}
