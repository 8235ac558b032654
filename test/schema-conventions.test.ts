import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from '../gateway/compose';
import { checkConventions, type ConventionOptions, formatViolations, RULES } from './support/schema-conventions';

/**
 * Plain lists of objects that stay small, with why. Anything that can grow is a connection
 * (docs/schema-conventions.md, "Lists"). Enum and scalar lists need no entry.
 */
const PLAIN_LIST_ALLOWLIST: Record<string, string> = {
  'Household.residents': 'the members of one dwelling: a handful',
  'Compound.buildings': 'the buildings of one compound: tens at most',
  'Community.compounds': 'the compounds and villages of one community: about ten',
  'Subdistrict.communities': 'the communities of one subdistrict: a handful',
  'Grid.children': 'the micro-grids of one comprehensive grid: a handful',
  'GridWorker.grids': 'the grids one worker looks after: one, or a community\'s comprehensive grids for a grid chief',
  'Query.communities': 'the communities of the district: a dozen, the public directory',
  'Elder.emergencyContacts': 'at most 5, enforced on input',
  'HomeModification.items': '1 to 30 items, enforced on input',
  'HomeModification.transitions': 'one recorded transition per workflow step, at most 4',
  'MealPoint.communities': 'the few communities within one meal point\'s service radius',
  'Community.mealPoints': 'the few meal points serving one community',
  'Query.subsidyRules': 'the subsidy rules in force: one per target group',
  // safety
  'Alarm.transitions': 'one recorded step per workflow move, at most 3',
  'Hazard.history': "one entry per step of the hazard's case and per raise: a dozen or so",
  'Inspection.hazards': 'at most 50 per inspection, enforced on input',
  'Household.safetyDevices': 'the devices fitted in one home: a handful',
  'Resident.safetyDevices': "the devices fitted in the resident's home: a handful",
  'EscalateUnacknowledgedAlarmsPayload.escalatedAlarms': 'the alarms one sweep escalated: those raised in the last sweep interval',
  'RaiseOverdueHazardsPayload.raisedHazards': 'the hazards one sweep raised: those that fell overdue since the last sweep',
  // environment
  'Community.rivers': 'the rivers crossing one community: a handful',
  'River.segments': 'one segment per community the river crosses: a handful',
  'RiverSegment.chiefs': 'one chief per level and a civilian team: about ten',
  'RiverChief.segments': 'the stretches one chief answers for: a few dozen at most, for a city chief',
  'RiverPatrol.findings': 'at most 20 findings per patrol, enforced on input',
  'EnvironmentIssue.history': 'the recorded steps and raises of one case: about ten, four more per rework',
  // housing
  'RenovationProject.items': '1 to 30 items, enforced on input',
  'RenovationProject.phaseHistory': 'one recorded transition per phase, at most 7',
  'ElevatorRetrofit.phaseHistory': 'one recorded transition per phase, at most 7',
  'ElevatorRetrofit.preparationGroup': 'at most 15 members, enforced on input',
  'ElevatorRetrofit.costShares': 'the households of one walk-up building or stairwell unit: tens',
  'Building.elevatorRetrofits': 'a lift is added to a building (or each of its units) once, a rejected proposal aside: a handful',
};

/** Boolean fields allowed to skip the is/has/can prefix, with why. */
const BOOLEAN_NAME_ALLOWLIST: Record<string, string> = {
  // housing
  'Consent.quorumMet': 'named by the public contract (docs/architecture.md resident overview) and the legal term (法定人数)',
  'Consent.approved': 'named by the public contract (docs/architecture.md resident overview)',
};

const OPTIONS: ConventionOptions = { plainListAllowlist: PLAIN_LIST_ALLOWLIST, booleanNameAllowlist: BOOLEAN_NAME_ALLOWLIST };

describe('schema convention', () => {
  it('is written down: docs/schema-conventions.md names every rule the checker enforces', () => {
    const doc = readFileSync(path.join(__dirname, '..', 'docs', 'schema-conventions.md'), 'utf8');
    expect(RULES.filter((rule) => !doc.includes(`[\`${rule}`))).toEqual([]);
  });

  it('holds for the composed supergraph (schema/supergraph.graphql)', () => {
    const supergraph = readFileSync(path.join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8');
    const violations = checkConventions(supergraph, OPTIONS);
    // Thrown rather than compared, so the list prints as it reads, grouped by rule.
    if (violations.length > 0) {
      throw new Error(`${violations.length} violations of docs/schema-conventions.md:\n${formatViolations(violations)}`);
    }
  });
});

// Two tiny subgraphs that follow the convention: community owns Resident and Household; elderly care adds
// Resident.elderlyCare, owns Elder and HomeModification (a workflow), and refers to Household with a stub.
const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';

const COMMUNITY = `${FEDERATION}

"""Money: an integer number of fen (分) of CNY."""
scalar Cents

"""Resident (居民). Signed-in viewers only."""
type Resident @key(fields: "id") {
  """Opaque identifier."""
  id: ID!
  """Full name (姓名)."""
  name: String!
  """Whether the resident lives alone (独居)."""
  isLivingAlone: Boolean!
  """Care-relevant tags (居民标签)."""
  tags: [ResidentTag!]!
  """Optimistic-concurrency version: send it back as expectedVersion."""
  version: Int!
  """The dwelling (户) the resident lives in."""
  household: Household!
}

"""Household (户): one dwelling in a building."""
type Household @key(fields: "id") {
  """Opaque identifier."""
  id: ID!
  """Monthly property fee (物业费), in fen."""
  monthlyFeeCents: Cents!
  """The members the viewer may see."""
  residents: [Resident!]!
}

"""Care-relevant tags of a resident (居民标签). New values may be added."""
enum ResidentTag {
  """Lives alone (独居)."""
  LIVES_ALONE
  """Minimum living allowance (低保)."""
  LOW_INCOME
}

"""A page of residents (Relay connection)."""
type ResidentConnection {
  """The residents of this page."""
  edges: [ResidentEdge!]!
  """Where this page is."""
  pageInfo: PageInfo!
  """How many match, over all pages."""
  totalCount: Int
}

"""A resident on a page."""
type ResidentEdge {
  """Pass as after to get the next page."""
  cursor: String!
  """The resident."""
  node: Resident!
}

"""Relay page information."""
type PageInfo {
  """Whether a next page exists."""
  hasNextPage: Boolean!
  """The cursor of the page's last edge."""
  endCursor: String
}

"""A business outcome the caller can act on."""
type UserError {
  """What kind of outcome."""
  code: UserErrorCode!
  """A human-readable message."""
  message: String!
  """The path of the input field at fault."""
  field: [String!]
  """The current version, on CONFLICT."""
  currentVersion: Int
}

"""Kind of user error. New values may be added."""
enum UserErrorCode {
  """Invalid input, or not allowed in the current state."""
  BAD_USER_INPUT
  """A stale expectedVersion."""
  CONFLICT
  """A referenced record does not exist."""
  NOT_FOUND
}

type Query {
  """A resident (居民), or null when not found or not visible."""
  resident(
    """The resident's id."""
    id: ID!
  ): Resident
  """Residents the viewer may see, in pages."""
  residents(
    """Page size, 1 to 100."""
    first: Int
    """The endCursor of the previous page."""
    after: String
  ): ResidentConnection
}

type Mutation {
  """Changes a resident; CONFLICT when expectedVersion is stale."""
  updateResident(
    """What to change."""
    input: UpdateResidentInput!
  ): UpdateResidentPayload
}

"""Changes to a resident; omitted fields stay as they are."""
input UpdateResidentInput {
  """The resident to change."""
  id: ID!
  """The version you read."""
  expectedVersion: Int!
  """The new name (姓名)."""
  name: String
  """Echoed in the payload."""
  clientMutationId: String
}

"""The outcome of updateResident."""
type UpdateResidentPayload {
  """The resident as changed; null when userErrors say why."""
  resident: Resident
  """Business outcomes the caller can act on."""
  userErrors: [UserError!]!
  """The input's clientMutationId."""
  clientMutationId: String
}
`;

const ELDERLY_CARE = `${FEDERATION}

"""Resident (居民)."""
type Resident @key(fields: "id") {
  """Opaque identifier."""
  id: ID!
  """The resident's elderly-care record (老年人); null under 60 or when not visible."""
  elderlyCare: Elder
}

"""Household (户)."""
type Household @key(fields: "id", resolvable: false) {
  """Opaque identifier."""
  id: ID!
}

"""Elder (老年人): the elderly-care record of a resident aged 60 or older."""
type Elder @key(fields: "id") {
  """Opaque identifier."""
  id: ID!
  """The resident (居民)."""
  resident: Resident
  """Services the elder needs (服务需求)."""
  needs: [CareNeed!]!
  """The latest home modification (适老化改造), if any."""
  latestHomeModification: HomeModification
}

"""A home-care service (服务需求). New values may be added."""
enum CareNeed {
  """Meal assistance (助餐)."""
  MEAL
  """Bathing assistance (助浴)."""
  BATH
}

"""Home modification (适老化改造)."""
type HomeModification @key(fields: "id") {
  """Opaque identifier."""
  id: ID!
  """Where it is in its workflow."""
  status: HomeModificationStatus!
  """The states it may move to next."""
  allowedTransitions: [HomeModificationStatus!]!
  """The dwelling (户) modified."""
  household: Household
}

"""State of a home modification (适老化改造进度). New values may be added."""
enum HomeModificationStatus {
  """Applied for (已申请)."""
  APPLIED
  """Accepted as done (已验收)."""
  ACCEPTED
}

type Query {
  """An elder (老年人) by id, or null when not found or not visible."""
  elder(
    """The elder's id."""
    id: ID!
  ): Elder
}
`;

type Fixture = { community?: string; elderlyCare?: string };

/** Composes the two subgraphs, as the gateway's build does, and checks the supergraph. */
function check({ community = COMMUNITY, elderlyCare = ELDERLY_CARE }: Fixture = {}, options: ConventionOptions = {}) {
  const supergraph = composeSupergraph([
    { name: 'community', url: 'http://community.invalid/graphql', sdl: community },
    { name: 'elderly-care', url: 'http://elderly-care.invalid/graphql', sdl: elderlyCare },
  ]);
  return checkConventions(supergraph, { plainListAllowlist: { 'Household.residents': 'a handful' }, ...options }).map(
    ({ rule, coordinate }) => ({ rule, coordinate }),
  );
}

/** The SDL with `from` replaced; throws unless `from` occurs exactly once, so a fixture cannot silently miss. */
function edit(sdl: string, from: string, to: string): string {
  const parts = sdl.split(from);
  if (parts.length !== 2) throw new Error(`Fixture edit: "${from}" occurs ${parts.length - 1} times`);
  return parts.join(to);
}

describe('schema convention checker', () => {
  it('accepts two subgraphs that follow the convention', () => {
    expect(check()).toEqual([]);
  });

  it('description: an undescribed field, argument, enum value or type', () => {
    expect(check({ community: edit(COMMUNITY, '"""Full name (姓名)."""\n', '') })).toEqual([
      { rule: 'description', coordinate: 'Resident.name' },
    ]);
    expect(check({ community: edit(COMMUNITY, '"""The resident\'s id."""\n', '') })).toEqual([
      { rule: 'description', coordinate: 'Query.resident(id:)' },
    ]);
    expect(check({ elderlyCare: edit(ELDERLY_CARE, '"""Bathing assistance (助浴)."""\n', '') })).toEqual([
      { rule: 'description', coordinate: 'CareNeed.BATH' },
    ]);
    expect(check({ community: edit(COMMUNITY, '"""A resident on a page."""\n', '') })).toEqual([
      { rule: 'description', coordinate: 'ResidentEdge' },
    ]);
  });

  it('nullable-root: a non-null Query or Mutation field', () => {
    expect(check({ community: edit(COMMUNITY, '): ResidentConnection\n', '): ResidentConnection!\n') })).toEqual([
      { rule: 'nullable-root', coordinate: 'Query.residents' },
    ]);
    expect(check({ community: edit(COMMUNITY, '): UpdateResidentPayload\n', '): UpdateResidentPayload!\n') })).toEqual([
      { rule: 'nullable-root', coordinate: 'Mutation.updateResident' },
    ]);
  });

  it('nullable-cross-subgraph: a non-null reference to, or addition to, another subgraph\'s entity', () => {
    expect(check({ elderlyCare: edit(ELDERLY_CARE, 'resident: Resident\n', 'resident: Resident!\n') })).toEqual([
      { rule: 'nullable-cross-subgraph', coordinate: 'Elder.resident' },
    ]);
    // Household is a resolvable: false stub in elderly care: still community's.
    expect(check({ elderlyCare: edit(ELDERLY_CARE, 'household: Household\n', 'household: Household!\n') })).toEqual([
      { rule: 'nullable-cross-subgraph', coordinate: 'HomeModification.household' },
    ]);
    expect(check({ elderlyCare: edit(ELDERLY_CARE, 'elderlyCare: Elder\n', 'elderlyCare: Elder!\n') })).toEqual([
      { rule: 'nullable-cross-subgraph', coordinate: 'Resident.elderlyCare' },
    ]);
  });

  it('mutation-shape: arguments beside input, an input or payload missing its parts, a bare entity returned', () => {
    const extraArgument = edit(COMMUNITY, '    input: UpdateResidentInput!\n', '    input: UpdateResidentInput!\n    """The resident."""\n    id: ID\n');
    expect(check({ community: extraArgument })).toEqual([{ rule: 'mutation-shape', coordinate: 'Mutation.updateResident' }]);

    const noInputClientMutationId = edit(COMMUNITY, '  """Echoed in the payload."""\n  clientMutationId: String\n', '');
    expect(check({ community: noInputClientMutationId })).toEqual([
      { rule: 'mutation-shape', coordinate: 'UpdateResidentInput.clientMutationId' },
    ]);

    const nonNullEntity = edit(COMMUNITY, '  resident: Resident\n  """Business', '  resident: Resident!\n  """Business');
    expect(check({ community: nonNullEntity })).toEqual([{ rule: 'mutation-shape', coordinate: 'UpdateResidentPayload.resident' }]);

    const userErrorsNullable = edit(COMMUNITY, 'userErrors: [UserError!]!', 'userErrors: [UserError!]');
    expect(check({ community: userErrorsNullable })).toEqual([{ rule: 'mutation-shape', coordinate: 'UpdateResidentPayload.userErrors' }]);

    const bareEntity = edit(COMMUNITY, '): UpdateResidentPayload\n', '): Resident\n');
    expect(check({ community: bareEntity })).toEqual([{ rule: 'mutation-shape', coordinate: 'Mutation.updateResident' }]);
  });

  it('plain-list: a list of objects that is neither edges, userErrors nor allowlisted; a stale allowlist entry', () => {
    const everyone = edit(COMMUNITY, 'type Query {\n', 'type Query {\n  """Every resident (居民)."""\n  everyone: [Resident!]\n');
    expect(check({ community: everyone })).toEqual([{ rule: 'plain-list', coordinate: 'Query.everyone' }]);
    expect(check({}, { plainListAllowlist: {} })).toEqual([{ rule: 'plain-list', coordinate: 'Household.residents' }]);
    expect(check({}, { plainListAllowlist: { 'Household.residents': 'a handful', 'Household.pets': 'gone' } })).toEqual([
      { rule: 'plain-list', coordinate: 'Household.pets' },
    ]);
  });

  it('money-int: money typed Int or Float', () => {
    expect(check({ community: edit(COMMUNITY, 'monthlyFeeCents: Cents!', 'monthlyFeeCents: Int!') })).toEqual([
      { rule: 'money-int', coordinate: 'Household.monthlyFeeCents' },
    ]);
    const floatInput = edit(COMMUNITY, '  """The new name (姓名)."""\n', '  """Renovation budget (预算), in yuan."""\n  budget: Float\n  """The new name (姓名)."""\n');
    expect(check({ community: floatInput })).toEqual([{ rule: 'money-int', coordinate: 'UpdateResidentInput.budget' }]);
  });

  it('boolean-name: a Boolean not named is/has/can, unless allowlisted', () => {
    const livesAlone = { community: edit(COMMUNITY, 'isLivingAlone: Boolean!', 'livesAlone: Boolean!') };
    expect(check(livesAlone)).toEqual([{ rule: 'boolean-name', coordinate: 'Resident.livesAlone' }]);
    expect(check(livesAlone, { booleanNameAllowlist: { 'Resident.livesAlone': 'the term of the statistics bureau' } })).toEqual([]);
  });

  it('generic-extension-name: a generic name on a field added to another subgraph\'s entity', () => {
    const createdAt = edit(ELDERLY_CARE, '  elderlyCare: Elder\n', '  elderlyCare: Elder\n  """When elderly care first saw the resident."""\n  createdAt: String\n');
    expect(check({ elderlyCare: createdAt })).toEqual([{ rule: 'generic-extension-name', coordinate: 'Resident.createdAt' }]);
  });

  it('infers entity owners from who resolves most fields; the owners option pins them', () => {
    // Pinned the wrong way round, community's own Resident fields read as additions to elderly care's entity.
    expect(check({}, { owners: { Resident: 'elderly-care' } })).toEqual(
      expect.arrayContaining([
        { rule: 'generic-extension-name', coordinate: 'Resident.name' },
        { rule: 'nullable-cross-subgraph', coordinate: 'Resident.isLivingAlone' },
      ]),
    );
  });

  it('no-internals: file names, paths, configuration variables, implementation words in descriptions', () => {
    const described = (text: string) => check({ elderlyCare: edit(ELDERLY_CARE, '"""The resident (居民)."""', `"""${text}"""`) });
    for (const leak of [
      'The resident (居民); the gateway joins name and phone from community.',
      'The resident (居民), checked by rules/emergency-contacts.ts.',
      'The resident (居民), see services/community/types.',
      'The resident (居民), overdue after CARE_VISIT_INTERVAL_DAYS.',
      'The resident (居民), read from DATABASE_URL.',
      'The resident (居民), batched by a DataLoader.',
      'The resident (居民), see services/community/types/resident.ts.',
      'The resident (居民), from a single SQL query.',
      'The resident (居民), from its reference resolver.',
    ]) {
      expect([leak, described(leak)]).toEqual([leak, [{ rule: 'no-internals', coordinate: 'Elder.resident' }]]);
    }
    for (const fine of [
      'The resident (居民), tagged LIVES_ALONE or NO_KIN.',
      'The resident (居民), assessed by GB/T 42195-2022 and/or a local rule.',
      'The resident (居民), born YYYY-MM-DD.',
    ]) {
      expect([fine, described(fine)]).toEqual([fine, []]);
    }
  });

  it('enum-may-grow: an enum whose description does not say it may grow', () => {
    const fixed = edit(ELDERLY_CARE, '"""A home-care service (服务需求). New values may be added."""', '"""A home-care service (服务需求)."""');
    expect(check({ elderlyCare: fixed })).toEqual([{ rule: 'enum-may-grow', coordinate: 'CareNeed' }]);
  });

  it('workflow-transitions: a workflow status without allowedTransitions, or with the wrong type', () => {
    const missing = edit(ELDERLY_CARE, '  """The states it may move to next."""\n  allowedTransitions: [HomeModificationStatus!]!\n', '');
    expect(check({ elderlyCare: missing })).toEqual([{ rule: 'workflow-transitions', coordinate: 'HomeModification.status' }]);
    const nullable = edit(ELDERLY_CARE, 'allowedTransitions: [HomeModificationStatus!]!', 'allowedTransitions: [HomeModificationStatus]');
    expect(check({ elderlyCare: nullable })).toEqual([{ rule: 'workflow-transitions', coordinate: 'HomeModification.allowedTransitions' }]);
  });
});
