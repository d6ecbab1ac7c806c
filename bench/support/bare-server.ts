import Fastify from 'fastify';

/**
 * The floor of the API benchmark: Fastify with no plugins, no authentication, no security
 * headers, no metrics and no logging, answering fixed bodies. The API benchmark sends it the
 * exact bytes `microcap serve` answered, so the difference between the two is what the product's
 * own stack costs, and this server's latency is the best any route could reach on this machine
 * under the same load. Run as a child process: it receives `{ bodies: { path: text } }` on IPC
 * and answers with the port it listens on.
 */
interface Setup {
  readonly bodies: Record<string, string>;
}

process.once('message', (message: Setup) => {
  void (async () => {
    const app = Fastify({ logger: false });
    for (const [path, text] of Object.entries(message.bodies)) {
      const body = Buffer.from(text);
      app.get(path, (_request, reply) => {
        void reply.type('application/json; charset=utf-8').send(body);
      });
    }
    await app.listen({ host: '127.0.0.1', port: 0 });
    // A clean exit on SIGTERM, so that --cpu-prof (API_BENCH_CPU_PROF) writes its profile.
    process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
    const address = app.server.address();
    process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
  })();
});
