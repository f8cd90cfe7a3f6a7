/**
 * Bounded waiting without polling: every state change calls `notify()`, and each pending wait
 * re-evaluates its condition then. A wait that is not satisfied in time rejects with a message
 * naming what was awaited plus a caller-supplied snapshot of the state, so a failing e2e test says
 * why instead of just timing out.
 */

export interface WaitOptions {
  /** Give up after this many ms (default: the emulator's `waitTimeoutMs`, 5000). */
  timeoutMs?: number;
}

interface Pending {
  check: () => boolean;
  fail: (error: Error) => void;
}

export class EmulatorTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorTimeoutError';
  }
}

export class Notifier {
  private readonly pending = new Set<Pending>();

  constructor(
    private readonly defaultTimeoutMs: number,
    /** Appended to timeout errors: a short description of what the emulator has seen. */
    private readonly describeState: () => string = () => '',
  ) {}

  /** Re-check every pending wait; call after any change a test might be waiting for. */
  notify(): void {
    for (const p of [...this.pending]) p.check();
  }

  /**
   * Resolve with the first non-undefined value of `probe()`, evaluated now and after each
   * `notify()`. Rejects after the timeout, or at once if `probe` throws.
   */
  waitFor<T>(what: string, probe: () => T | undefined, options: WaitOptions = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = {
        check: () => {
          let value: T | undefined;
          try {
            value = probe();
          } catch (error) {
            finish();
            reject(error instanceof Error ? error : new Error(String(error)));
            return true;
          }
          if (value === undefined) return false;
          finish();
          resolve(value);
          return true;
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        finish();
        const state = this.describeState();
        reject(new EmulatorTimeoutError(`Discord emulator: timed out after ${timeoutMs} ms waiting for ${what}.${state ? `\n${state}` : ''}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.pending.delete(entry);
      };
      if (!entry.check()) this.pending.add(entry);
    });
  }

  /** Reject every pending wait (used on stop so tests do not hang on a dead emulator). */
  rejectAll(reason: string): void {
    for (const p of [...this.pending]) p.fail(new Error(`Discord emulator: ${reason}`));
  }
}
