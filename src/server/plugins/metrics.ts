import type { FastifyInstance } from 'fastify';
import { globalPlugin } from './global-plugin.ts';

/**
 * Times every request into the `http_request_duration_seconds` histogram, labelled by the
 * route pattern (never the raw URL, which would explode the label set), method and status.
 * The /metrics route itself is registered by routes/health.ts.
 */
export const metricsPlugin = globalPlugin(async (app: FastifyInstance) => {
  const { httpDuration } = app.services.metrics;
  // A callback hook: an async one costs a promise per request on every route.
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}, 'microcap-metrics');
