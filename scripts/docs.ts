import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { configurationReference } from './configuration-docs';

/** `npm run docs`: writes the generated reference docs (docs/configuration.md). */
const file = path.resolve(__dirname, '..', '..', 'docs', 'configuration.md');
writeFileSync(file, configurationReference());
process.stdout.write(`wrote docs/configuration.md\n`);
