// Errors the launcher reports and exits on. The code is stable; the message says what to fix.
export type LauncherErrorCode =
  | 'launcher_config_invalid'
  | 'not_built'
  | 'dev_setup_failed'
  | 'child_exited'
  | 'child_spawn_failed'
  | 'health_timeout';

export class LauncherError extends Error {
  constructor(
    readonly code: LauncherErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LauncherError';
  }
}
