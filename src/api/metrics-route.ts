/** GET /metrics in the Prometheus text format. */
import type { ServerResponse } from 'node:http';
import type { ServiceMetrics } from '../observability/service-metrics';

export function metricsRoute(metrics: ServiceMetrics) {
  return (_req: unknown, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(metrics.registry.render());
  };
}
