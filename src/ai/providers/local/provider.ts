import type { z } from 'zod';
import { critiqueBacktest } from './critique.ts';
import { reviewPortfolioLocally, reviewSignalLocally, scoreNewsLocally } from './reviews.ts';
import { scoreSentiment } from './sentiment.ts';
import { LlmOutputError } from '../../errors.ts';
import type {
  ChatMessage,
  ContentAnalysis,
  LlmProvider,
  StructuredRequest,
  StructuredResult,
  TextResult,
} from '../../types.ts';
import { NO_USAGE } from '../../types.ts';
import type { EvaluationInput } from '../../analyses/strategy-evaluation.ts';
import type { NewsSentimentInput } from '../../analyses/news-sentiment.ts';
import type { SignalReviewInput } from '../../analyses/signal-review.ts';
import type { PortfolioReviewInput } from '../../analyses/portfolio-review.ts';

/**
 * The local analyst: deterministic, offline, always available. It answers the built-in
 * analyses from their structured input (lexicon sentiment, rule-based critique and reviews)
 * rather than from prose, so it needs no model. Its answers pass the same zod schemas as an
 * LLM's, and it is the manager's last resort.
 */

export const LOCAL_MODEL = 'local-analyst-v1';

type Handler = (input: never) => unknown;

const HANDLERS: Readonly<Record<string, Handler>> = {
  'strategy-evaluation': (input: EvaluationInput) => critiqueBacktest(input),
  'news-sentiment': (input: NewsSentimentInput) => scoreNewsLocally(input),
  'signal-review': (input: SignalReviewInput) => reviewSignalLocally(input),
  'portfolio-review': (input: PortfolioReviewInput) => reviewPortfolioLocally(input),
};

export class LocalProvider implements LlmProvider {
  readonly name = 'local';
  readonly model = LOCAL_MODEL;
  readonly offline = true;
  readonly selfHosted = true;

  /** Which analyses the local analyst can answer. */
  static supports(taskId: string): boolean {
    return Object.hasOwn(HANDLERS, taskId);
  }

  /** Free text: a sentiment reading of the last user message (the local analyst cannot chat). */
  async generate(messages: readonly ChatMessage[]): Promise<TextResult> {
    const last = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const { score, label, terms } = scoreSentiment(last);
    const text =
      `Local analyst (no language model): sentiment ${label} (${score.toFixed(2)})` +
      (terms.length > 0 ? `; terms: ${terms.join(', ')}` : '') +
      '.';
    return { text, model: this.model, usage: NO_USAGE };
  }

  async generateStructured<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>> {
    const task = request.task;
    if (!task || !LocalProvider.supports(task.id)) {
      throw new LlmOutputError(
        this.name,
        `the local analyst answers only the built-in analyses (${Object.keys(HANDLERS).join(', ')}), not "${task?.id ?? request.schemaName}"`,
        '',
      );
    }
    const answer = (HANDLERS[task.id] as (input: unknown) => unknown)(task.input);
    const parsed = (request.schema as z.ZodType<T>).safeParse(answer);
    if (!parsed.success) {
      // A bug in a handler, not bad luck: say so plainly.
      throw new LlmOutputError(this.name, parsed.error.message, JSON.stringify(answer));
    }
    return {
      value: parsed.data,
      raw: JSON.stringify(answer),
      model: this.model,
      usage: NO_USAGE,
      attempts: 1,
    };
  }

  async analyseFinancialContent(text: string): Promise<ContentAnalysis> {
    return scoreSentiment(text);
  }
}
