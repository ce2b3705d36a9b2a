// The shell's configuration: only the core's URL. `--core-url=URL` on the command line
// wins over BZ_CORE_URL, which wins over the default. Read once, at start.
import { DEFAULT_CORE_URL, parseCoreUrl } from './origin-policy.js';

export interface ShellConfig {
  readonly coreUrl: URL;
}

export function loadShellConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ShellConfig {
  const flag = argv.find((a) => a.startsWith('--core-url='));
  const raw = flag?.slice('--core-url='.length) || env.BZ_CORE_URL || DEFAULT_CORE_URL;
  return { coreUrl: parseCoreUrl(raw) };
}
