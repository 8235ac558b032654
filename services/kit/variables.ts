/**
 * The declared environment variables: each once, with its one-line description and default, so the configuration
 * reference (docs/configuration.md, `npm run docs`) is generated from the code that reads them. `field()` in config.ts
 * declares as it parses; a subgraph's settings.ts declares its own with `declareVariable`.
 */
export interface Variable {
  name: string;
  description: string;
  /** The value used when unset, as written in the environment; undefined when there is none. */
  default?: string;
}

const declared = new Map<string, Variable>();

/** Records a variable; declaring it again (every configuration load does) replaces the entry. */
export function declareVariable(variable: Variable): void {
  declared.set(variable.name, variable);
}

/** Every variable declared so far, in declaration order. */
export const declaredVariables = (): Variable[] => [...declared.values()];
