/**
 * The role × field table of personal data (docs/access.md, README "Who sees what"): ONE table, read by
 * field-access.test.ts (which checks every cell against a running stack) and by scripts/access-table.ts (which writes
 * it into the docs), so the rules written down and the rules enforced cannot drift apart.
 */

/** What a viewer gets for a field. */
export type Outcome = 'full' | 'masked' | 'null' | 'hidden' | 'sign in' | 'refused';

export const OUTCOMES: Record<Outcome, string> = {
  full: 'the value as stored',
  masked: 'masked: phone `138****5678`; ID number `3****************4` (first and last characters)',
  null: 'null (the record is visible, this field is not; officers get `age` instead of the birth date)',
  hidden: 'the record answers exactly as one that does not exist: null, no error, left out of lists',
  'sign in': 'UNAUTHENTICATED: root queries of personal data need a signed-in caller',
  refused: 'FORBIDDEN for the whole request (HTTP 403): a partner calls only the subgraph its `aud` names, never the gateway',
};

/** The masked forms as documented, written out here (not imported from the code they check). */
export const MASKED = {
  phone: (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`,
  idNumber: (idNumber: string) => `${idNumber[0]}${'*'.repeat(16)}${idNumber[17]}`,
};

/** A column of the table; `atGateway`, when set, is what the viewer gets for every row through the gateway instead. */
interface ViewerColumn {
  key: string;
  label: string;
  atGateway?: Outcome;
}

/** The viewers the table distinguishes, relative to one subject resident, their household and their grid. */
export const VIEWERS = [
  { key: 'anonymous', label: 'anonymous' },
  { key: 'self', label: 'resident: self' },
  { key: 'household', label: 'resident: same household' },
  { key: 'otherResident', label: 'resident: other' },
  { key: 'gridWorker', label: 'grid_worker: own grid' },
  { key: 'otherGridWorker', label: 'grid_worker: other grid' },
  { key: 'careWorker', label: 'care_worker: own grid' },
  { key: 'housingOfficer', label: 'housing_officer' },
  { key: 'environmentOfficer', label: 'environment_officer' },
  { key: 'safetyOfficer', label: 'safety_officer' },
  { key: 'admin', label: 'admin' },
  { key: 'partner', label: 'partner (community, no scope)', atGateway: 'refused' },
] as const satisfies readonly ViewerColumn[];
export type ViewerKey = (typeof VIEWERS)[number]['key'];

/** One row of the table: a field (or a record) and what each viewer gets. */
export interface FieldRule {
  key: string;
  label: string;
  cells: Record<ViewerKey, Outcome>;
}

/** Builds a row from the columns in VIEWERS order, so the source reads like the rendered table. */
const row = (key: string, label: string, outcomes: readonly Outcome[]): FieldRule => {
  if (outcomes.length !== VIEWERS.length) throw new Error(`${key}: ${outcomes.length} cells for ${VIEWERS.length} viewers`);
  return { key, label, cells: Object.fromEntries(VIEWERS.map((viewer, i) => [viewer.key, outcomes[i]!])) as Record<ViewerKey, Outcome> };
};

//                                      anon       self    household other     gw own  gw other  care    housing   environ.  safety    admin   partner
export const FIELD_RULES: readonly FieldRule[] = [
  row('resident', '`Resident` (id, name, gender, age, tags, grid)', ['sign in', 'full', 'full', 'hidden', 'full', 'hidden', 'full', 'full', 'full', 'full', 'full', 'hidden']),
  row('birthDate', '`Resident.birthDate`', ['sign in', 'full', 'null', 'hidden', 'full', 'hidden', 'full', 'null', 'null', 'null', 'full', 'hidden']),
  row('phone', '`Resident.phone`', ['sign in', 'full', 'masked', 'hidden', 'full', 'hidden', 'full', 'masked', 'masked', 'masked', 'full', 'hidden']),
  row('idNumber', '`Resident.idNumber`', ['sign in', 'full', 'masked', 'hidden', 'masked', 'hidden', 'masked', 'masked', 'masked', 'masked', 'full', 'hidden']),
  row('residentAddress', '`Resident.household.address` (door number)', ['sign in', 'full', 'full', 'hidden', 'full', 'hidden', 'full', 'full', 'full', 'full', 'full', 'hidden']),
  row('household', '`Household` by id or in a building\'s list (unit, floor, room, area, address)', ['hidden', 'full', 'full', 'hidden', 'full', 'hidden', 'full', 'full', 'full', 'full', 'full', 'hidden']),
  row('householdMembers', '`Household.residents` (who lives there)', ['hidden', 'full', 'full', 'hidden', 'full', 'hidden', 'full', 'full', 'full', 'full', 'full', 'hidden']),
  row('workerPhone', '`GridWorker.phone` (work phone, as on the notice board)', ['full', 'full', 'full', 'full', 'full', 'full', 'full', 'full', 'full', 'full', 'full', 'full']),
];

const escape = (text: string) => text.replace(/\|/g, '\\|');

/** The table as markdown, as docs/access.md and the README show it. */
export function renderAccessTable(): string {
  const header = `| field | ${VIEWERS.map((v: ViewerColumn) => (v.atGateway ? `${v.label}, at the subgraph (gateway: ${v.atGateway})` : v.label)).join(' | ')} |`;
  const rule = `| --- | ${VIEWERS.map(() => '---').join(' | ')} |`;
  const rows = FIELD_RULES.map((field) => `| ${escape(field.label)} | ${VIEWERS.map((v) => field.cells[v.key]).join(' | ')} |`);
  const legend = (Object.entries(OUTCOMES) as [Outcome, string][]).map(([outcome, meaning]) => `- **${outcome}**: ${meaning}`);
  return [header, rule, ...rows, '', ...legend].join('\n');
}

/** Where the rendered table sits in a markdown file. */
export const TABLE_START = '<!-- access-table:start (generated by scripts/access-table.ts from test/security/field-access.table.ts) -->';
export const TABLE_END = '<!-- access-table:end -->';

/** The file's text with the table between its markers replaced by the rendered one. */
export function withRenderedTable(markdown: string): string {
  const start = markdown.indexOf(TABLE_START);
  const end = markdown.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('the access table markers are missing');
  return `${markdown.slice(0, start + TABLE_START.length)}\n${renderAccessTable()}\n${markdown.slice(end)}`;
}

/** The files that show the table; field-access.test.ts fails when one of them is out of date. */
export const ACCESS_TABLE_FILES = ['README.md', 'docs/access.md'];
