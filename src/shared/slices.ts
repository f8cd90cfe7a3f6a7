/**
 * Long computations written as generators that yield between small steps, so one body serves
 * a caller that needs the result at once and one that must keep the event loop turning.
 */

/** Items a loop over a whole knowledge base handles between two yields. */
export const SLICE_STEP = 256;

/** Runs every step now and returns the result. */
export function runAtOnce<T>(steps: Generator<void, T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * Runs the steps, giving the event loop a turn whenever a slice has held it for `sliceMs`; a
 * run shorter than one slice takes no turn at all. With a `signal`, an abort seen at a turn
 * stops the run: the promise rejects with the signal's reason.
 */
export async function runInSlices<T>(steps: Generator<void, T>, sliceMs = 8, signal?: AbortSignal): Promise<T> {
  let sliceStart = performance.now();
  let step = steps.next();
  while (!step.done) {
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
      sliceStart = performance.now();
    }
    step = steps.next();
  }
  return step.value;
}

/** One run per key at a time: a caller while it runs shares it (`running` holds it until it ends). */
export function sharedRun<K extends object, T>(running: WeakMap<K, Promise<T>>, key: K, start: () => Promise<T>): Promise<T> {
  let run = running.get(key);
  if (!run) {
    run = start().finally(() => running.delete(key));
    running.set(key, run);
  }
  return run;
}

/** The value cached for `key`, or the steps that work it out and cache it. */
export function* cachedSteps<K extends object, V>(cache: WeakMap<K, V>, key: K, steps: () => Generator<void, V>): Generator<void, V> {
  const found = cache.get(key);
  if (found !== undefined) return found;
  const value = yield* steps();
  // Worked out at once meanwhile (a caller that could not wait): that one stands.
  const meanwhile = cache.get(key);
  if (meanwhile !== undefined) return meanwhile;
  cache.set(key, value);
  return value;
}
