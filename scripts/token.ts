import { parseArgs } from 'node:util';
import { signToken } from '../services/kit/auth';
import { ROLES, type Role } from '../services/domain/people';
import { loadConfigOrExit } from '../services/kit/config';

const USAGE = 'usage: npm run token -- --role <role> [--role <role>] [--resident <id>] [--grid <id>]... [--aud <subgraph>] [--sub <subject>] [--expires 12h]';

/** `npm run token`: prints a signed development token and nothing else on stdout. */
async function main() {
  const config = loadConfigOrExit();
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      resident: { type: 'string' },
      grid: { type: 'string', multiple: true },
      aud: { type: 'string', multiple: true },
      sub: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const roles = values.role ?? [];
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (roles.length === 0 || unknown.length) {
    throw new Error(`${unknown.length ? `unknown role ${unknown.join(', ')}; ` : ''}roles: ${ROLES.join(', ')}\n${USAGE}`);
  }
  if (!config.auth.devTokens || !config.auth.jwtSecret) {
    throw new Error('Development tokens are off here (NODE_ENV=production or JWKS_URL set): get a token from your identity provider.');
  }
  const token = await signToken(
    config.auth.jwtSecret,
    {
      sub: values.sub ?? (values.resident ? `resident:${values.resident}` : `dev:${roles.join('+')}`),
      roles: roles as Role[],
      residentId: values.resident,
      gridIds: values.grid,
      aud: values.aud,
    },
    values.expires,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
