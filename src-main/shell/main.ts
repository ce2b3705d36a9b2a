// Electron main process entry (package.json "main" -> dist/src-main/shell/main.js).
// Thin on purpose: everything testable is in kiosk-shell.ts and the policy modules.
import { runShell } from './kiosk-shell.js';

runShell(process.argv, process.env);
