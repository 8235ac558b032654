import { readFileSync } from 'node:fs';
import { buildSubgraph, Supergraph } from '@apollo/federation-internals';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { z } from 'zod';

/**
 * Schema governance: what changed between a baseline `schema/` and the schema the code prints now, each change
 * classified by @graphql-inspector/core, and which breaking changes the project acknowledged on purpose.
 */
export type Level = 'BREAKING' | 'DANGEROUS' | 'SAFE';

export interface SchemaChange {
  /** `supergraph` (its API schema, what clients of the gateway see) or a subgraph's name (what partners see). */
  schema: string;
  level: Level;
  /** @graphql-inspector's change type, e.g. FIELD_REMOVED. */
  change: string;
  path: string;
  message: string;
  acknowledgement?: Acknowledgement;
}

const acknowledgementSchema = z.object({
  schema: z.string().min(1),
  change: z.string().regex(/^[A-Z_]+$/, 'must be a change type such as FIELD_REMOVED'),
  path: z.string().min(1),
  reason: z.string().min(10, 'must say why (at least 10 characters)'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be the CHANGELOG version that announces it, e.g. 0.3.0'),
});
export type Acknowledgement = z.infer<typeof acknowledgementSchema>;
const acknowledgementFile = z.object({ acknowledged: z.array(acknowledgementSchema) });

/**
 * The acknowledged breaking changes of `schema/breaking-changes.json`. Each names its change exactly (schema, change
 * type, path), says why, and the version whose CHANGELOG section announces it to clients: a version without a
 * `## <version>` heading in the changelog is refused, so no break goes unannounced.
 */
export function readAcknowledgements(file: string, changelog: string): Acknowledgement[] {
  const parsed = acknowledgementFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.')} ${issue.message}`);
  }
  const versions = new Set([...changelog.matchAll(/^## (\d+\.\d+\.\d+)\b/gm)].map((m) => m[1]));
  for (const entry of parsed.data.acknowledged) {
    if (!versions.has(entry.version)) {
      throw new Error(`${file}: ${entry.schema} ${entry.path} names version ${entry.version}, which CHANGELOG.md has no "## ${entry.version}" section for`);
    }
  }
  return parsed.data.acknowledged;
}

/** The schema clients see: the supergraph's API schema (no join__ machinery, no @inaccessible), or a subgraph's. */
function clientSchema(file: string, sdl: string) {
  const name = file.replace(/\.graphql$/, '');
  return name === 'supergraph'
    ? Supergraph.build(sdl).apiSchema().toGraphQLJSSchema()
    : buildSubgraph(name, `http://${name}/graphql`, sdl).schema.toGraphQLJSSchema();
}

const LEVELS: Record<CriticalityLevel, Level> = {
  [CriticalityLevel.Breaking]: 'BREAKING',
  [CriticalityLevel.Dangerous]: 'DANGEROUS',
  [CriticalityLevel.NonBreaking]: 'SAFE',
};

/** Every change from `before` to `after` (file name → SDL), per schema; a schema that disappeared is one breaking change. */
export async function schemaChanges(
  before: Record<string, string>,
  after: Record<string, string>,
  acknowledged: readonly Acknowledgement[] = [],
): Promise<SchemaChange[]> {
  const changes: SchemaChange[] = [];
  for (const file of Object.keys(before).sort()) {
    const schema = file.replace(/\.graphql$/, '');
    if (after[file] === undefined) {
      changes.push({ schema, level: 'BREAKING', change: 'SCHEMA_REMOVED', path: schema, message: `The ${schema} schema is no longer built` });
      continue;
    }
    for (const change of await diff(clientSchema(file, before[file]!), clientSchema(file, after[file]!))) {
      changes.push({ schema, level: LEVELS[change.criticality.level], change: change.type, path: change.path ?? '', message: change.message });
    }
  }
  return changes.map((change) => {
    const acknowledgement =
      change.level === 'BREAKING'
        ? acknowledged.find((a) => a.schema === change.schema && a.change === change.change && a.path === change.path)
        : undefined;
    return acknowledgement ? { ...change, acknowledgement } : change;
  });
}

/** A plain-text report: per schema its counts, then each breaking and dangerous change (safe ones counted only). */
export function formatReport(changes: readonly SchemaChange[], schemas: readonly string[]): string {
  const lines: string[] = [];
  for (const schema of schemas) {
    const own = changes.filter((c) => c.schema === schema);
    const count = (level: Level) => own.filter((c) => c.level === level).length;
    const acked = own.filter((c) => c.acknowledgement).length;
    lines.push(
      own.length === 0
        ? `${schema}: no changes`
        : `${schema}: ${count('BREAKING')} breaking (${acked} acknowledged), ${count('DANGEROUS')} dangerous, ${count('SAFE')} safe`,
    );
    for (const c of own.filter((c) => c.level !== 'SAFE')) {
      const note = c.acknowledgement ? `  [acknowledged for ${c.acknowledgement.version}: ${c.acknowledgement.reason}]` : '';
      lines.push(`  ${c.level.padEnd(9)} ${c.change.padEnd(24)} ${c.path}  ${c.message}${note}`);
    }
  }
  return lines.join('\n');
}
