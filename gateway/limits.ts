import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

export const QUERY_LIMITS = { maxDepth: 12, maxAliases: 30, maxTokens: 5000 } as const;

function depthOf(selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, fragments, seen));
    else if (selection.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    else if (!seen.has(selection.name.value)) {
      const fragment = fragments.get(selection.name.value);
      deepest = Math.max(deepest, depthOf(fragment?.selectionSet, fragments, new Set([...seen, selection.name.value])));
    }
  }
  return deepest;
}

/**
 * Cheap guards against abusive documents, checked before any subgraph is called: nesting depth and aliases
 * (a query can multiply its cost with either). Token count is capped by Apollo's `parseOptions.maxTokens`.
 */
export function queryLimitRule(context: ValidationContext): ASTVisitor {
  const fragments = new Map(
    context.getDocument().definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  let aliases = 0;
  return {
    Field(node) {
      if (node.alias) aliases++;
    },
    OperationDefinition: {
      enter(operation) {
        const depth = depthOf(operation.selectionSet, fragments, new Set());
        if (depth > QUERY_LIMITS.maxDepth) {
          context.reportError(
            new GraphQLError(`The query is ${depth} levels deep; at most ${QUERY_LIMITS.maxDepth} are allowed.`, {
              nodes: [operation],
            }),
          );
        }
      },
    },
    Document: {
      leave() {
        if (aliases > QUERY_LIMITS.maxAliases) {
          context.reportError(
            new GraphQLError(`The query uses ${aliases} aliases; at most ${QUERY_LIMITS.maxAliases} are allowed.`),
          );
        }
      },
    },
  };
}
