/** Writes text to stdout and resolves once it is flushed (large outputs piped to head/less). */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** Pretty-printed JSON with a trailing newline: the shape every `--json` flag prints. */
export function writeJson(value: unknown): Promise<void> {
  return writeOut(JSON.stringify(value, null, 2) + '\n');
}
