// `npm run evaluate`: prints the evaluation table and writes results/evaluation.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, formatEvaluation } from './evaluation.js';
import { VENUE_SCENARIOS } from './venue-scenarios.js';

const started = Date.now();
const result = evaluate(VENUE_SCENARIOS, { encountersPerKiosk: 1000, seed: 7, spreads: ['log', 'floor'] });
process.stdout.write(`${formatEvaluation(result)}\n`);
mkdirSync('results', { recursive: true });
const file = join('results', 'evaluation.json');
writeFileSync(file, `${JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 }, null, 2)}\n`);
process.stdout.write(`\nwritten: ${file}\n`);
