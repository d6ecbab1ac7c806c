import { onBeforeUnmount, ref, type Ref } from 'vue';
import { endpoints, type JobJson } from '../api/endpoints.ts';
import { streamEvents } from '../api/http.ts';

export interface JobWatch {
  readonly job: Ref<JobJson | null>;
  readonly watching: Ref<boolean>;
  /** How progress arrives: 'sse' normally, 'polling' after the event stream failed. */
  readonly channel: Ref<'sse' | 'polling' | null>;
  watchJob(jobId: string): void;
  stopWatching(): void;
}

const FINISHED = ['completed', 'failed', 'cancelled'];

/**
 * Live progress of one job for a page: server-sent events, falling back to polling the job
 * every second if the stream fails. `onFinished` runs once the job completes, fails or is
 * cancelled. Stops when the page unmounts.
 */
export function useJobWatch(onFinished: (job: JobJson) => void): JobWatch {
  const job = ref<JobJson | null>(null);
  const watching = ref(false);
  const channel = ref<'sse' | 'polling' | null>(null);
  let stopStream: (() => void) | null = null;
  let pollTimer: ReturnType<typeof setInterval> | null = null;

  function stopWatching(): void {
    stopStream?.();
    stopStream = null;
    if (pollTimer !== null) clearInterval(pollTimer);
    pollTimer = null;
    watching.value = false;
  }

  function onJobUpdate(update: JobJson): void {
    job.value = update;
    if (FINISHED.includes(update.status)) {
      stopWatching();
      onFinished(update);
    }
  }

  function watchJob(jobId: string): void {
    stopWatching();
    watching.value = true;
    channel.value = 'sse';
    stopStream = streamEvents(
      endpoints.jobEventsPath(jobId),
      (message) => {
        if (message.event !== 'job') return;
        const body = JSON.parse(message.data) as { job: JobJson };
        onJobUpdate(body.job);
      },
      () => {
        if (!watching.value) return;
        channel.value = 'polling';
        pollTimer = setInterval(() => {
          void endpoints.job(jobId).then(onJobUpdate, () => undefined);
        }, 1000);
      },
    );
  }

  onBeforeUnmount(stopWatching);
  return { job, watching, channel, watchJob, stopWatching };
}
