/** GET /metrics in the Prometheus text format (prom-client: the service's metrics and the process's). */
import type { ServerResponse } from 'node:http';
import type { ServiceMetrics } from '../observability/service-metrics';

export function metricsRoute(metrics: ServiceMetrics) {
  return async (_req: unknown, res: ServerResponse): Promise<void> => {
    const body = await metrics.registry.render();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(body);
  };
}
