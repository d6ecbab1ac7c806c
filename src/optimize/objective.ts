import { InputError } from '../domain/errors.ts';

/**
 * Sweep objectives: one metric name (`sharpe`) or a small formula of metrics such as
 * `sharpe - 0.5 * maxDrawdown` or `min(sharpe, sortino) * sqrt(trades)`. The formula is parsed
 * into a tree by a recursive-descent parser and evaluated by walking it; nothing is ever
 * handed to eval or Function.
 */

/** The metrics a trial exposes to objectives (see evaluate.ts for their definitions). */
export const OBJECTIVE_METRICS = [
  'sharpe',
  'sortino',
  'calmar',
  'return',
  'cagr',
  'maxDrawdown',
  'volatility',
  'trades',
  'winRate',
  'exposure',
] as const;

export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];
export type ObjectiveInputs = Readonly<Record<ObjectiveMetric, number>>;

const ALIASES: Readonly<Record<string, ObjectiveMetric>> = {
  sharperatio: 'sharpe',
  sortinoratio: 'sortino',
  calmarratio: 'calmar',
  totalreturn: 'return',
  maxdrawdown: 'maxDrawdown',
  drawdown: 'maxDrawdown',
  winrate: 'winRate',
};

const FUNCTIONS: Readonly<
  Record<string, { arity: [number, number]; fn: (...a: number[]) => number }>
> = {
  min: { arity: [2, 8], fn: Math.min },
  max: { arity: [2, 8], fn: Math.max },
  abs: { arity: [1, 1], fn: Math.abs },
  sqrt: { arity: [1, 1], fn: Math.sqrt },
  log: { arity: [1, 1], fn: Math.log },
};

type Node =
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'metric'; readonly name: ObjectiveMetric }
  | { readonly type: 'negate'; readonly operand: Node }
  | {
      readonly type: 'binary';
      readonly op: '+' | '-' | '*' | '/';
      readonly left: Node;
      readonly right: Node;
    }
  | { readonly type: 'call'; readonly name: string; readonly args: readonly Node[] };

export interface Objective {
  /** The formula as given. */
  readonly text: string;
  /** Metric names the formula reads. */
  readonly metrics: readonly ObjectiveMetric[];
  /** The score; NaN when an input metric is undefined (e.g. no trades). Higher is better. */
  evaluate(inputs: ObjectiveInputs): number;
}

type Token =
  | { readonly kind: 'number'; readonly value: number; readonly at: number }
  | { readonly kind: 'name'; readonly text: string; readonly at: number }
  | { readonly kind: 'op'; readonly text: string; readonly at: number };

const MAX_LENGTH = 200;

/** Parses an objective; an InputError on the `objective` field names what is wrong and where. */
export function parseObjective(text: string): Objective {
  const source = text.trim();
  if (source === '') throw new InputError('objective', text, 'is empty');
  if (source.length > MAX_LENGTH) {
    throw new InputError('objective', text, `is longer than ${MAX_LENGTH} characters`);
  }
  const tokens = tokenize(source);
  let pos = 0;
  const used = new Set<ObjectiveMetric>();
  const fail = (problem: string): never => {
    throw new InputError('objective', text, problem);
  };
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (t: Token | undefined, op: string): boolean => t?.kind === 'op' && t.text === op;

  function expression(): Node {
    let left = term();
    while (isOp(peek(), '+') || isOp(peek(), '-')) {
      const op = (tokens[pos++] as { text: '+' | '-' }).text;
      left = { type: 'binary', op, left, right: term() };
    }
    return left;
  }

  function term(): Node {
    let left = unary();
    while (isOp(peek(), '*') || isOp(peek(), '/')) {
      const op = (tokens[pos++] as { text: '*' | '/' }).text;
      left = { type: 'binary', op, left, right: unary() };
    }
    return left;
  }

  function unary(): Node {
    if (isOp(peek(), '-')) {
      pos++;
      return { type: 'negate', operand: unary() };
    }
    if (isOp(peek(), '+')) {
      pos++;
      return unary();
    }
    return primary();
  }

  function primary(): Node {
    const token = peek();
    if (!token) return fail('ends too early');
    pos++;
    if (token.kind === 'number') return { type: 'number', value: token.value };
    if (isOp(token, '(')) {
      const inner = expression();
      if (!isOp(peek(), ')')) fail(`expected ")" at position ${peek()?.at ?? source.length}`);
      pos++;
      return inner;
    }
    if (token.kind === 'name') {
      if (isOp(peek(), '(')) return call(token.text, token.at);
      const metric = resolveMetric(token.text);
      if (!metric) {
        fail(`unknown metric "${token.text}" (known: ${OBJECTIVE_METRICS.join(', ')})`);
      }
      used.add(metric as ObjectiveMetric);
      return { type: 'metric', name: metric as ObjectiveMetric };
    }
    return fail(`unexpected "${token.text}" at position ${token.at}`);
  }

  function call(name: string, at: number): Node {
    const fn = FUNCTIONS[name.toLowerCase()];
    if (!fn)
      fail(
        `unknown function "${name}" at position ${at} (known: ${Object.keys(FUNCTIONS).join(', ')})`,
      );
    pos++; // (
    const args: Node[] = [];
    if (!isOp(peek(), ')')) {
      args.push(expression());
      while (isOp(peek(), ',')) {
        pos++;
        args.push(expression());
      }
    }
    if (!isOp(peek(), ')')) fail(`expected ")" after the arguments of ${name}`);
    pos++;
    const [lo, hi] = fn.arity;
    if (args.length < lo || args.length > hi) {
      fail(`${name} takes ${lo === hi ? lo : `${lo} to ${hi}`} argument(s), got ${args.length}`);
    }
    return { type: 'call', name: name.toLowerCase(), args };
  }

  const tree = expression();
  if (pos < tokens.length) {
    const extra = tokens[pos];
    fail(
      `unexpected "${extra.kind === 'number' ? extra.value : extra.text}" at position ${extra.at}`,
    );
  }
  const metrics = OBJECTIVE_METRICS.filter((m) => used.has(m));
  return {
    text: source,
    metrics,
    evaluate: (inputs) => evaluateNode(tree, inputs),
  };
}

function resolveMetric(name: string): ObjectiveMetric | undefined {
  if ((OBJECTIVE_METRICS as readonly string[]).includes(name)) return name as ObjectiveMetric;
  return (
    ALIASES[name.toLowerCase()] ??
    OBJECTIVE_METRICS.find((m) => m.toLowerCase() === name.toLowerCase())
  );
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const number = /^(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?/i.exec(source.slice(i));
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    if ('+-*/(),'.includes(ch)) {
      tokens.push({ kind: 'op', text: ch, at: i });
      i++;
      continue;
    }
    throw new InputError('objective', source, `unexpected character "${ch}" at position ${i}`);
  }
  return tokens;
}

function evaluateNode(node: Node, inputs: ObjectiveInputs): number {
  switch (node.type) {
    case 'number':
      return node.value;
    case 'metric':
      return inputs[node.name];
    case 'negate':
      return -evaluateNode(node.operand, inputs);
    case 'binary': {
      const a = evaluateNode(node.left, inputs);
      const b = evaluateNode(node.right, inputs);
      if (node.op === '+') return a + b;
      if (node.op === '-') return a - b;
      if (node.op === '*') return a * b;
      return a / b;
    }
    case 'call':
      return FUNCTIONS[node.name].fn(...node.args.map((arg) => evaluateNode(arg, inputs)));
  }
}
