/** /metrics (Prometheus text, no token: scrape it from the internal network only) and the request histogram. */
import type { FastifyInstance } from 'fastify';
import { httpRequestDuration, metricsText } from '../platform/metrics';

export function registerMetrics(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern (/cases/:id), never the URL: no case numbers or personal data in labels.
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    httpRequestDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const { contentType, body } = await metricsText();
    return reply.type(contentType).send(body);
  });
}
