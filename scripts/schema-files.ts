import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from '../gateway/compose';
import { SERVICE_PORTS } from '../services/kit/config';
import { printSubgraphSdl } from '../services/kit/subgraph';
import { SUBGRAPHS } from '../services';

/** The files `schema/` must hold, as the code prints them: `<subgraph>.graphql` and `supergraph.graphql`. */
export async function printSchemaFiles(): Promise<Record<string, string>> {
  const subgraphs = await Promise.all(
    SUBGRAPHS.map(async (module) => ({
      name: module.name,
      url: `http://localhost:${SERVICE_PORTS[module.name]}/graphql`,
      sdl: await printSubgraphSdl(module),
    })),
  );
  const files: Record<string, string> = {};
  for (const { name, sdl } of subgraphs) files[`${name}.graphql`] = `${sdl.trim()}\n`;
  files['supergraph.graphql'] = `${composeSupergraph(subgraphs).trim()}\n`;
  return files;
}

/** The files of a `schema/` folder that differ from what the code prints (what `npm run schema` would rewrite). */
export async function staleSchemaFiles(dir: string): Promise<string[]> {
  const read = (file: string) => {
    try {
      return readFileSync(path.join(dir, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  return Object.entries(await printSchemaFiles()).flatMap(([file, text]) => (read(file) === text ? [] : [file]));
}
