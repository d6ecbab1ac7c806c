import autocannon from 'autocannon';

/**
 * The API benchmark's load generator, in a process of its own: autocannon then shares nothing
 * with the benchmark process (its heap holds the seeded data, and its collections would pause
 * the clock that times each request). It answers each `{ url, headers, connections, seconds }`
 * message on IPC with the figures the benchmark prints.
 */
export interface LoadRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly connections: number;
  readonly seconds: number;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly requests: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly timeouts: number;
  readonly bytesPerSecond: number;
}

process.on('message', (request: LoadRequest) => {
  void autocannon({
    url: request.url,
    connections: request.connections,
    duration: request.seconds,
    headers: request.headers,
  }).then((result) => {
    const answer: LoadResult = {
      requestsPerSecond: result.requests.average,
      requests: result.requests.total,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      // autocannon counts timeouts among errors already.
      errors: result.errors + result.non2xx,
      non2xx: result.non2xx,
      timeouts: result.timeouts,
      bytesPerSecond: result.throughput.average,
    };
    process.send!(answer);
  });
});
