// Coded radio errors (stable snake_case codes) and deadlines.

/** Rejects with a coded error when `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, code: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RadioError(code, `timed out after ${ms} ms`)), ms);
    // A deadline must not be what keeps the process alive after shutdown.
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class RadioError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'RadioError';
  }
}
