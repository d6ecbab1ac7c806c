/** True for the error a write gets when the reader went away (`microcap … | head`). */
function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

// A closed pipe is a normal end of output, not a crash: stop writing quietly.
process.stdout.on('error', (error) => {
  if (!isBrokenPipe(error)) throw error;
});

/** Writes text to stdout and resolves once it is flushed (large outputs piped to head/less). */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) =>
      error && !isBrokenPipe(error) ? reject(error) : resolve(),
    );
  });
}

/** Pretty-printed JSON with a trailing newline: the shape every `--json` flag prints. */
export function writeJson(value: unknown): Promise<void> {
  return writeOut(JSON.stringify(value, null, 2) + '\n');
}
