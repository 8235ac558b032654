/** Page sizes of every connection: here, free of type-graphql, so the gateway's query limits can count with them. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
