import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** The fields a selection set asks for, through fragment spreads and inline fragments. */
function fieldsOf(set: SelectionSetNode | undefined, fragments: GraphQLResolveInfo['fragments']): FieldNode[] {
  return (set?.selections ?? []).flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet, fragments);
    return fieldsOf(fragments[selection.name.value]?.selectionSet, fragments);
  });
}

/**
 * Whether the field being resolved asks, below `through` (e.g. `['edges', 'node']` for a connection), for any of
 * `names`: a resolver's look-ahead, to load what the query will ask for next in the same statement. `@skip` and
 * `@include` are not read: at worst a skipped field was loaded for nothing.
 */
export function selectsAny(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, names: readonly string[], through: readonly string[] = []): boolean {
  let fields = info.fieldNodes.flatMap((node) => fieldsOf(node.selectionSet, info.fragments));
  for (const name of through) fields = fields.filter((field) => field.name.value === name).flatMap((field) => fieldsOf(field.selectionSet, info.fragments));
  return fields.some((field) => names.includes(field.name.value));
}
