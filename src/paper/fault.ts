/**
 * Crash testing: MICROCAP_FAULT=<point> makes the process kill itself (SIGKILL: no cleanup,
 * no finally blocks) when the paper run reaches that point inside its commit. It lets a test
 * prove that a run killed midway leaves nothing behind and re-runs without doubling anything.
 */
export type FaultHook = (point: string) => void;

export function faultFromEnv(env: NodeJS.ProcessEnv = process.env): FaultHook | undefined {
  const wanted = env.MICROCAP_FAULT?.trim();
  if (!wanted) return undefined;
  return (point) => {
    if (point === wanted) process.kill(process.pid, 'SIGKILL');
  };
}
