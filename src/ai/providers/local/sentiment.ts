import type { ContentAnalysis } from '../../types.ts';
import { BOOSTERS, NEGATIONS, PHRASE_VALENCE, WORD_VALENCE } from './lexicon.ts';

/**
 * Lexicon sentiment in the manner of VADER (Hutto & Gilbert, 2014), reduced to the rules that
 * matter for headlines: phrase and word valences, boosters ("sharply lower") scaled by distance,
 * negation within three words ("not approved") flipping with VADER's 0.74 damping, and "but"
 * weighting the clause after it more. The sum is normalised to [-1, 1] by x / sqrt(x^2 + 15).
 */

const NEGATION_SCALAR = -0.74;
const NORMALISE_ALPHA = 15;
const MAX_PHRASE_WORDS = 4;
/** VADER's thresholds for calling a compound score positive or negative. */
export const NEUTRAL_BAND = 0.05;

export function tokenize(text: string): string[] {
  return (
    (
      text
        .toLowerCase()
        .replace(/[\u2018\u2019]/g, "'")
        // "52-week" and "at-the-market" read as separate words, as the phrase table spells them.
        .replace(/-/g, ' ')
        .match(/[a-z0-9']+/g) ?? []
    ).map((word) => word.replace(/^'+|'+$/g, ''))
  );
}

interface Hit {
  readonly index: number;
  readonly words: number;
  readonly term: string;
  readonly valence: number;
}

function findHits(tokens: readonly string[]): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < tokens.length;) {
    let matched: Hit | null = null;
    for (let n = Math.min(MAX_PHRASE_WORDS, tokens.length - i); n >= 2 && !matched; n--) {
      const phrase = tokens.slice(i, i + n).join(' ');
      const valence = PHRASE_VALENCE[phrase];
      if (valence !== undefined) matched = { index: i, words: n, term: phrase, valence };
    }
    if (!matched) {
      const valence = WORD_VALENCE[tokens[i]];
      if (valence !== undefined) matched = { index: i, words: 1, term: tokens[i], valence };
    }
    if (matched) hits.push(matched);
    i += matched ? matched.words : 1;
  }
  return hits;
}

function isNegation(word: string): boolean {
  return NEGATIONS.has(word) || word.endsWith("n't");
}

/** Scores one text; deterministic, no I/O. */
export function scoreSentiment(text: string): ContentAnalysis {
  const tokens = tokenize(text);
  const butIndex = tokens.indexOf('but');
  let sum = 0;
  const terms: string[] = [];
  for (const hit of findHits(tokens)) {
    let valence = hit.valence;
    // Boosters up to three words back, fading with distance (VADER: 1, 0.95, 0.9).
    for (let back = 1; back <= 3 && hit.index - back >= 0; back++) {
      const boost = BOOSTERS[tokens[hit.index - back]];
      if (boost !== undefined) {
        const scaled = boost * (1 - 0.05 * (back - 1));
        valence += valence > 0 ? scaled : -scaled;
      }
    }
    let negated = false;
    for (let back = 1; back <= 3 && hit.index - back >= 0; back++) {
      if (isNegation(tokens[hit.index - back])) negated = true;
    }
    if (negated) valence *= NEGATION_SCALAR;
    if (butIndex >= 0) valence *= hit.index < butIndex ? 0.5 : 1.5;
    sum += valence;
    terms.push(negated ? `not ${hit.term}` : hit.term);
  }
  const score = sum === 0 ? 0 : sum / Math.sqrt(sum * sum + NORMALISE_ALPHA);
  const rounded = Math.round(score * 10_000) / 10_000;
  const label =
    rounded >= NEUTRAL_BAND ? 'positive' : rounded <= -NEUTRAL_BAND ? 'negative' : 'neutral';
  return { score: rounded, label, terms };
}
