import type { ApolloServerPlugin } from '@apollo/server';
import { PARTNER_ROLE, type Viewer } from './auth';
import { OneGridError } from './errors';

/**
 * Partner agencies read: their scopes grant reads only, so a partner token's mutation is refused before any
 * resolver runs, whatever a mutation's own checks would say (some let any signed-in caller try).
 */
export function partnersReadOnlyPlugin<Ctx extends { viewer: Viewer }>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === 'mutation' && contextValue.viewer.roles.includes(PARTNER_ROLE)) {
            throw new OneGridError('FORBIDDEN', 'Partner tokens may read only.', { http: { status: 403 } });
          }
        },
      };
    },
  };
}
