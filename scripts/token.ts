import { parseArgs } from 'node:util';
import { PARTNER_ROLE, signToken, subgraphAudience } from '../services/kit/auth';
import { ROLES, type Role } from '../services/domain/people';
import { parseScope } from '../services/domain/scopes';
import { loadConfigOrExit, SERVICE_PORTS, type ServiceName } from '../services/kit/config';

const USAGE = [
  'usage: npm run -s token -- --role <role> [--role <role>] [--resident <id>] [--grid <id>]... [--sub <subject>] [--expires 12h]',
  '       npm run -s token -- --role partner --aud <subgraph> --scope <subgraph>:<reach>:read [--scope …]',
].join('\n');

const isService = (name: string): name is ServiceName => Object.hasOwn(SERVICE_PORTS, name);

/** `npm run token`: prints a signed development token and nothing else on stdout (messages go to stderr). */
async function main() {
  const config = loadConfigOrExit();
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      resident: { type: 'string' },
      grid: { type: 'string', multiple: true },
      aud: { type: 'string', multiple: true },
      scope: { type: 'string', multiple: true },
      sub: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const roles = values.role ?? [];
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (roles.length === 0 || unknown.length) {
    throw new Error(`${unknown.length ? `unknown role ${unknown.join(', ')}; ` : ''}roles: ${ROLES.join(', ')}\n${USAGE}`);
  }
  // `--aud` names subgraphs; the token carries them as this deployment's `<audience>:<subgraph>`.
  const subgraphs = values.aud ?? [];
  const notServices = subgraphs.filter((name) => !isService(name));
  if (notServices.length) throw new Error(`unknown subgraph ${notServices.join(', ')}; subgraphs: ${Object.keys(SERVICE_PORTS).join(', ')}`);
  if (roles.includes(PARTNER_ROLE) && subgraphs.length !== 1) throw new Error(`a partner token names exactly one subgraph: --aud <subgraph>\n${USAGE}`);
  const scopes = values.scope ?? [];
  const foreign = scopes.filter((scope) => {
    const grant = parseScope(scope);
    return !grant || (subgraphs.length > 0 && !subgraphs.includes(grant.service));
  });
  if (foreign.length) throw new Error(`scope ${foreign.join(', ')} is not a scope of ${subgraphs.join(', ') || 'any subgraph'} (see services/<subgraph>/README.md)`);
  if (!config.auth.devTokens || !config.auth.jwtSecret) {
    throw new Error('Development tokens are off here (NODE_ENV=production or JWKS_URL set): get a token from your identity provider.');
  }
  const audience = config.auth.audiences[0]!;
  const token = await signToken(
    config.auth,
    {
      sub: values.sub ?? (values.resident ? `resident:${values.resident}` : `dev:${roles.join('+')}`),
      roles: roles as Role[],
      residentId: values.resident,
      gridIds: values.grid,
      aud: (subgraphs as ServiceName[]).map((service) => subgraphAudience(audience, service)),
      scopes,
    },
    values.expires,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
