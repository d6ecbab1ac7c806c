import { onBeforeUnmount, ref, type Ref } from 'vue';
import { endpoints, type JobJson } from '../api/endpoints.ts';
import { fieldErrorText, streamEvents } from '../api/http.ts';

/** What the job-submitting endpoints answer. */
export interface SubmittedJob {
  readonly jobId: string;
  readonly job: JobJson;
}

export interface JobWatch {
  readonly job: Ref<JobJson | null>;
  readonly watching: Ref<boolean>;
  /** How progress arrives: 'sse' normally, 'polling' after the event stream failed. */
  readonly channel: Ref<'sse' | 'polling' | null>;
  /** Why the last submission was refused (the form's own checks may set it too). */
  readonly submitError: Ref<string | null>;
  /** Sends a job request and follows the job it starts; a refusal lands in submitError. */
  startJob(send: () => Promise<SubmittedJob>): Promise<void>;
  watchJob(jobId: string): void;
  stopWatching(): void;
}

const FINISHED = ['completed', 'failed', 'cancelled'];

/** True once the job completed, failed or was cancelled. */
export function isFinished(job: JobJson): boolean {
  return FINISHED.includes(job.status);
}

/**
 * Live progress of one job for a page: server-sent events, falling back to polling the job
 * every second if the stream fails. `onFinished` runs once the job completes, fails or is
 * cancelled. Stops when the page unmounts.
 */
export function useJobWatch(onFinished: (job: JobJson) => void): JobWatch {
  const job = ref<JobJson | null>(null);
  const watching = ref(false);
  const channel = ref<'sse' | 'polling' | null>(null);
  const submitError = ref<string | null>(null);
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
    if (isFinished(update)) {
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

  async function startJob(send: () => Promise<SubmittedJob>): Promise<void> {
    submitError.value = null;
    try {
      const submitted = await send();
      job.value = submitted.job;
      watchJob(submitted.jobId);
    } catch (caught) {
      submitError.value = fieldErrorText(caught);
    }
  }

  onBeforeUnmount(stopWatching);
  return { job, watching, channel, submitError, startJob, watchJob, stopWatching };
}
