import { bollinger } from '../../../src/indicators/bollinger.ts';
import { ema } from '../../../src/indicators/ema.ts';
import { sma } from '../../../src/indicators/sma.ts';

/**
 * Indicator overlays for the candlestick charts, computed in the browser with the product's
 * own indicator code (src/indicators), so the chart shows exactly what strategies see.
 */
export interface OverlayChoice {
  readonly id: string;
  readonly label: string;
}

export const OVERLAY_CHOICES: readonly OverlayChoice[] = [
  { id: 'sma20', label: 'SMA 20' },
  { id: 'sma50', label: 'SMA 50' },
  { id: 'ema20', label: 'EMA 20' },
  { id: 'sma200', label: 'SMA 200' },
  { id: 'bbands', label: 'Bollinger 20, 2' },
];

/** What the price charts show until the user picks otherwise. */
export const DEFAULT_OVERLAYS: readonly string[] = ['sma20', 'sma50'];

const COLORS: Record<string, string> = {
  sma20: '#f9a825',
  sma50: '#1e88e5',
  ema20: '#8e24aa',
  sma200: '#6d4c41',
  bbands: '#00897b',
};

export interface ComputedOverlay {
  readonly label: string;
  readonly color: string;
  readonly values: readonly number[];
}

export function computeOverlays(
  closes: readonly number[],
  chosen: readonly string[],
): ComputedOverlay[] {
  const close = Float64Array.from(closes);
  const out: ComputedOverlay[] = [];
  for (const id of chosen) {
    const color = COLORS[id] ?? '#757575';
    // A period longer than the history just yields no line (all warm-up).
    const fits = (period: number) => close.length >= period;
    if (id === 'sma20' && fits(20))
      out.push({ label: 'SMA 20', color, values: Array.from(sma(close, 20)) });
    if (id === 'sma50' && fits(50))
      out.push({ label: 'SMA 50', color, values: Array.from(sma(close, 50)) });
    if (id === 'sma200' && fits(200))
      out.push({ label: 'SMA 200', color, values: Array.from(sma(close, 200)) });
    if (id === 'ema20' && fits(20))
      out.push({ label: 'EMA 20', color, values: Array.from(ema(close, 20)) });
    if (id === 'bbands' && fits(20)) {
      const bands = bollinger(close, 20, 2);
      out.push({ label: 'BB upper', color, values: Array.from(bands.upper) });
      out.push({ label: 'BB middle', color: `${color}99`, values: Array.from(bands.middle) });
      out.push({ label: 'BB lower', color, values: Array.from(bands.lower) });
    }
  }
  return out;
}
