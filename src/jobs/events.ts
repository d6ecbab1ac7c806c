import type { JobEvent } from './types.ts';

/** Fans job events out to listeners; a listener that throws never breaks the queue. */
export class JobEventHub {
  readonly #listeners = new Set<(event: JobEvent) => void>();

  subscribe(listener: (event: JobEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(event: JobEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // A broken subscriber (e.g. a closed SSE stream) must not stop the job.
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }

  clear(): void {
    this.#listeners.clear();
  }
}
