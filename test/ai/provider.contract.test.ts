import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newsSentimentTask } from '../../src/ai/analyses/news-sentiment.ts';
import { portfolioReviewTask } from '../../src/ai/analyses/portfolio-review.ts';
import { signalReviewTask } from '../../src/ai/analyses/signal-review.ts';
import { strategyEvaluationTask } from '../../src/ai/analyses/strategy-evaluation.ts';
import type { AnalysisTask } from '../../src/ai/analyses/task.ts';
import { LocalProvider } from '../../src/ai/providers/local/provider.ts';
import { OpenAiCompatibleProvider } from '../../src/ai/providers/openai/provider.ts';
import type { LlmProvider } from '../../src/ai/types.ts';
import { startFakeOpenAi } from './support/fake-openai.ts';
import type { FakeOpenAi } from './support/fake-openai.ts';
import { evaluationInput, newsInput, portfolioInput, signalInput } from './support/inputs.ts';

/** One contract, run against every provider: the same calls, the same guarantees. */

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
});

const harnesses: { name: string; create: () => LlmProvider }[] = [
  { name: 'local', create: () => new LocalProvider() },
  {
    name: 'openai-compatible',
    create: () =>
      new OpenAiCompatibleProvider({
        baseURL: fake.baseUrl,
        apiKey: 'sk-contract-key-000',
        timeoutMs: 2_000,
      }),
  },
];

const cases: [AnalysisTask<never, unknown>, unknown][] = [
  [strategyEvaluationTask as AnalysisTask<never, unknown>, evaluationInput],
  [newsSentimentTask as AnalysisTask<never, unknown>, newsInput],
  [signalReviewTask as AnalysisTask<never, unknown>, signalInput],
  [portfolioReviewTask as AnalysisTask<never, unknown>, portfolioInput],
];

describe.each(harnesses)('LlmProvider contract: $name', ({ create }) => {
  it('names itself and its model', () => {
    const provider = create();
    expect(provider.name).toMatch(/^[a-z0-9-]+$/);
    expect(provider.model.length).toBeGreaterThan(0);
  });

  it.each(cases.map(([task, input]) => [task.id, task, input] as const))(
    'answers %s with a value that passes the schema',
    async (_id, task, input) => {
      const result = await create().generateStructured({
        messages: task.render(input as never),
        schema: task.schema,
        schemaName: task.schemaName,
        task: { id: task.id, input },
      });
      expect(task.schema.safeParse(result.value).success).toBe(true);
      expect(JSON.parse(result.raw)).toEqual(result.value);
      expect(result.attempts).toBe(1);
      expect(result.usage.totalTokens).toBe(
        result.usage.promptTokens + result.usage.completionTokens,
      );
    },
  );

  it('generates free text', async () => {
    const result = await create().generate([{ role: 'user', content: 'Acme beats estimates' }]);
    expect(result.text.length).toBeGreaterThan(0);
  });

  it('analyses financial content into a score in [-1, 1] with a label', async () => {
    const result = await create().analyseFinancialContent('Acme beats estimates, record revenue');
    expect(result.score).toBeGreaterThan(0);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(result.label).toBe('positive');
  });
});
