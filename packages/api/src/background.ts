/**
 * Work a procedure starts and does not wait for, so that its answer cannot show how long the
 * work took (a password reset for an account takes longer than one for an unknown email).
 */
export interface BackgroundWork {
  run(label: string, work: () => Promise<unknown>): void;
  /** Resolves once everything started so far has finished; shutdown and tests wait on it. */
  settled(): Promise<void>;
}

export type BackgroundErrorHandler = (error: unknown, label: string) => void;

export function createBackgroundWork(onError: BackgroundErrorHandler): BackgroundWork {
  const running = new Set<Promise<void>>();
  return {
    run(label, work) {
      const task: Promise<void> = Promise.resolve()
        .then(work)
        .then(
          () => {},
          (error: unknown) => onError(error, label),
        )
        .finally(() => running.delete(task));
      running.add(task);
    },
    async settled() {
      while (running.size) await Promise.all(running);
    },
  };
}
