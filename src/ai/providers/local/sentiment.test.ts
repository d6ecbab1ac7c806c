import { describe, expect, it } from 'vitest';
import { scoreSentiment, tokenize } from './sentiment.ts';

describe('scoreSentiment', () => {
  it('scores clearly good and clearly bad headlines with the right sign', () => {
    expect(scoreSentiment('Acme beats estimates and raises guidance').score).toBeGreaterThan(0.5);
    expect(scoreSentiment('Acme files for Chapter 11 bankruptcy').score).toBeLessThan(-0.5);
    expect(scoreSentiment('FDA approval for lead drug').label).toBe('positive');
    expect(scoreSentiment('Company announces public offering, dilution feared').label).toBe(
      'negative',
    );
  });

  it('is neutral with no lexicon words', () => {
    expect(scoreSentiment('Acme to present at the annual conference')).toEqual({
      score: 0,
      label: 'neutral',
      terms: [],
    });
  });

  it('flips negated words and names them', () => {
    const plain = scoreSentiment('the trial was successful');
    const negated = scoreSentiment('the trial was not successful');
    expect(plain.score).toBeGreaterThan(0);
    expect(negated.score).toBeLessThan(0);
    expect(negated.terms).toEqual(['not successful']);
  });

  it('boosters strengthen and dampeners weaken', () => {
    const base = scoreSentiment('shares fell').score;
    expect(scoreSentiment('shares fell sharply lower').score).toBeLessThan(base);
    expect(scoreSentiment('shares slightly fell').score).toBeGreaterThan(base);
  });

  it('weights the clause after "but" more', () => {
    expect(scoreSentiment('revenue grew but the company warns of dilution').score).toBeLessThan(0);
  });

  it('matches phrases before words and stays within [-1, 1]', () => {
    expect(scoreSentiment('going concern doubt').terms[0]).toBe('going concern');
    const extreme = scoreSentiment('fraud fraud fraud bankruptcy delisting default crash');
    expect(extreme.score).toBeGreaterThanOrEqual(-1);
    expect(extreme.score).toBeLessThan(-0.9);
  });

  it('tokenizes hyphens and curly apostrophes', () => {
    expect(tokenize('52-Week Low doesn\u2019t')).toEqual(['52', 'week', 'low', "doesn't"]);
  });
});
