import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible server speaking the real chat-completions wire format:
 * POST /v1/chat/completions with JSON body, answers `chat.completion` objects with `usage`,
 * errors as `{ error: { message, type, param, code } }` with the real status codes (429 with
 * Retry-After, 500). Tests queue behaviours; when the queue is empty, `answer` builds a valid
 * reply for the request. Every request is recorded (count, body, Authorization header).
 */

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  response_format?: {
    type: string;
    json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> };
  };
}

export interface RecordedRequest {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: ChatRequestBody;
}

export type Behaviour =
  | { kind: 'ok'; content?: string }
  | { kind: 'rate-limit'; retryAfter: string }
  | { kind: 'server-error'; status?: number }
  | { kind: 'malformed'; content: string }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'unauthorized' };

export interface FakeOpenAi {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Behaviours for the next requests, in order. */
  queue(...behaviours: Behaviour[]): void;
  /** Behaviour for every request once the queue is empty (default: ok). */
  setDefault(behaviour: Behaviour): void;
  close(): Promise<void>;
}

export const FAKE_MODEL = 'gpt-4o-mini-2024-07-18';

/** The JSON a well-behaved model would give for each schema the AI layer sends. */
export function validAnswer(body: ChatRequestBody): string {
  const name = body.response_format?.json_schema?.name;
  const user = body.messages.filter((m) => m.role === 'user')[0]?.content ?? '';
  const data = user.includes('\n\n') ? user.slice(user.indexOf('\n\n') + 2) : 'null';
  switch (name) {
    case 'strategy_insights':
      return JSON.stringify({
        summary: 'Remote model: the strategy is marginal.',
        strengths: ['Enough trades'],
        weaknesses: ['Weak Sharpe'],
        risks: ['Deep drawdown'],
        overfittingConcerns: [],
        suggestedParameterChanges: [
          { parameter: 'slow', current: '30', suggested: '50', reason: 'fewer whipsaws' },
        ],
        confidence: 0.4,
      });
    case 'news_sentiment': {
      const items = JSON.parse(data) as { id: string }[];
      return JSON.stringify({
        scores: items.map((item) => ({ id: item.id, score: 0.25, label: 'positive' })),
      });
    }
    case 'signal_review':
      return JSON.stringify({ decision: 'confirm', confidenceChange: 0.1, rationale: 'Trend up.' });
    case 'portfolio_proposal':
      return JSON.stringify({ summary: 'Hold.', trades: [] });
    case 'content_sentiment':
      return JSON.stringify({ score: 0.5, label: 'positive', terms: ['beat'] });
    default:
      return 'A plain text answer.';
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function completion(body: ChatRequestBody, content: string): unknown {
  const promptTokens = Math.ceil(JSON.stringify(body.messages).length / 4);
  const completionTokens = Math.ceil(content.length / 4);
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: FAKE_MODEL,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
    system_fingerprint: 'fp_fake',
  };
}

const errorBody = (message: string, type: string, code: string | null) => ({
  error: { message, type, param: null, code },
});

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: RecordedRequest[] = [];
  const pending: Behaviour[] = [];
  let fallback: Behaviour = { kind: 'ok' };
  const timers = new Set<NodeJS.Timeout>();

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      send(
        res,
        404,
        errorBody(`Unknown route ${req.method} ${req.url}`, 'invalid_request_error', null),
      );
      return;
    }
    const body = JSON.parse(raw) as ChatRequestBody;
    requests.push({ path: req.url, authorization: req.headers.authorization, body });
    const behaviour = pending.shift() ?? fallback;
    switch (behaviour.kind) {
      case 'ok':
        send(res, 200, completion(body, behaviour.content ?? validAnswer(body)));
        return;
      case 'malformed':
        send(res, 200, completion(body, behaviour.content));
        return;
      case 'rate-limit':
        send(
          res,
          429,
          errorBody('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'),
          { 'retry-after': behaviour.retryAfter },
        );
        return;
      case 'server-error':
        send(
          res,
          behaviour.status ?? 500,
          errorBody('The server had an error while processing your request.', 'server_error', null),
        );
        return;
      case 'unauthorized':
        send(
          res,
          401,
          errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'),
        );
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) send(res, 200, completion(body, validAnswer(body)));
        }, behaviour.delayMs);
        timers.add(timer);
        return;
      }
    }
  };

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => handle(req, res, raw));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    queue: (...behaviours) => pending.push(...behaviours),
    setDefault: (behaviour) => (fallback = behaviour),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
