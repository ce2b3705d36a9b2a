// Kiosk command line: `npm run kiosk -- <command>`.
//   start                          run the core daemon (same as main.js)
//   doctor [--json]                check the Pi's radio set-up; each problem with its fix
//   record --out FILE [--seconds N] write what the adapter hears to a JSON Lines capture
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSystemClock } from './clock/system-clock.js';
import { ConfigError, loadCoreConfig } from './config/config.js';
import { formatDoctorReport, runDoctor } from './radio/commands/run-doctor.js';
import { runRecord } from './radio/commands/run-record.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const USAGE = `usage: kiosk <command>
  start                            run the kiosk core
  doctor [--json]                  check adapter, capabilities, bluetoothd, clock, disk
  record --out FILE [--seconds N]  record what the adapter hears (JSON Lines capture)
Configuration comes from BZ_* environment variables (see README).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadCoreConfig(process.env, root);
  switch (command) {
    case 'start': {
      await import('./main.js');
      return -1;
    }
    case 'doctor': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } } });
      const report = await runDoctor({
        ...(config.radio.scannerHciDevice !== undefined ? { scannerHciDevice: config.radio.scannerHciDevice } : {}),
        ...(config.radio.beaconHciDevice !== undefined ? { beaconHciDevice: config.radio.beaconHciDevice } : {}),
        dataDir: config.dataDir,
      });
      process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDoctorReport(report)}\n`);
      return report.ok ? 0 : 1;
    }
    case 'record': {
      const { values } = parseArgs({ args: rest, options: { out: { type: 'string' }, seconds: { type: 'string', default: '60' } } });
      const seconds = Number(values.seconds);
      if (!values.out || !Number.isFinite(seconds) || seconds <= 0) {
        process.stderr.write(`record needs --out FILE and a positive --seconds\n${USAGE}\n`);
        return 2;
      }
      const clock = createSystemClock({ mode: config.clock });
      const ctrl = new AbortController();
      process.once('SIGINT', () => ctrl.abort());
      const summary = await runRecord({
        radio: { ...config.radio, mode: config.radio.mode === 'replay' ? 'hci' : config.radio.mode },
        outFile: values.out,
        durationMs: seconds * 1000,
        clock,
        signal: ctrl.signal,
      });
      clock.dispose();
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return 0;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    const code = (err as { code?: unknown }).code;
    const message = err instanceof Error ? err.message : String(err);
    const prefix = typeof code === 'string' && !message.startsWith(code) ? `${code}: ` : '';
    process.stderr.write(`kiosk: ${prefix}${message}\n`);
    process.exit(1);
  },
);
