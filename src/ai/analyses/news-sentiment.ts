import { z } from 'zod';
import type { AnalysisTask } from './task.ts';
import { promptJson, systemMessage } from './task.ts';

export interface NewsSentimentInput {
  readonly symbol: string;
  readonly items: readonly {
    readonly id: string;
    readonly title: string;
    readonly summary: string | null;
  }[];
}

export const newsSentimentSchema = z.object({
  scores: z.array(
    z.object({
      id: z.string(),
      score: z.number().min(-1).max(1),
      label: z.enum(['positive', 'negative', 'neutral']),
    }),
  ),
});

export type NewsSentimentOutput = z.infer<typeof newsSentimentSchema>;

export const newsSentimentTask: AnalysisTask<NewsSentimentInput, NewsSentimentOutput> = {
  id: 'news-sentiment',
  version: '1',
  schemaName: 'news_sentiment',
  schema: newsSentimentSchema,
  render(input) {
    return [
      systemMessage('a financial news analyst'),
      {
        role: 'user',
        content:
          `Score how each news item affects the stock ${input.symbol}: score from -1 (very ` +
          'negative) to 1 (very positive), label positive, negative or neutral. Dilution, ' +
          'offerings, delisting notices and going-concern doubts are negative for micro-caps. ' +
          'Return one score per item id.\n\n' +
          promptJson(input.items),
      },
    ];
  },
};
