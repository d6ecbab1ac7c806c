import { setFlagsFromString } from 'node:v8';

let tuned = false;

/**
 * Turns off V8's allocation-site pretenuring for a serving process, once, before the routes
 * are built.
 *
 * Why: measured with `--trace-gc-nvp` and the server's GC histogram under 200 connections, 16
 * of 20 starts ended up with every scavenge promoting ~9 MB and pausing 10-13 ms (up to 37 ms)
 * on a 64 MB young generation, 6 % of the time, which goes straight into the latency tail; with
 * pretenuring off, every start (20+) promoted ~70 KB per scavenge and paused about 1 ms, under
 * 1 % of the time. `--trace-pretenuring` showed the decisions being taken during start-up
 * (sites of ~120 objects, one per route, all alive) and none under load; our reading is that
 * such a site also runs per request, so short-lived request objects are then born old and keep
 * young ones alive through every scavenge. A server's long-lived objects are few and made at
 * start-up, so it loses nothing by allocating them young first.
 */
export function tuneGarbageCollectionForServing(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString('--no-allocation-site-pretenuring');
}
