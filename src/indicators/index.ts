/** The indicator library: batch forms (Float64Array in and out) and streaming forms. */
export * from './sma.ts';
export * from './ema.ts';
export * from './wma.ts';
export * from './stddev.ts';
export * from './rsi.ts';
export * from './macd.ts';
export * from './bollinger.ts';
export * from './atr.ts';
export * from './donchian.ts';
export * from './roc.ts';
export * from './volume.ts';
export * from './stochastic.ts';
export * from './adx.ts';
export * from './pivots.ts';
export * from './swings.ts';
export { INDICATORS, findIndicator, parseIndicatorSpec, computeIndicator } from './registry.ts';
export type {
  IndicatorSpec,
  IndicatorArg,
  IndicatorArgValue,
  ParsedIndicator,
} from './registry.ts';
