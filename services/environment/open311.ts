import express, { type Express, type Request, type Response } from 'express';
import { and, asc, desc, gte, inArray, lte } from 'drizzle-orm';
import { caseWorkflow, isCaseOverdue, open311Status, type CaseStatus } from '../kit/cases';
import { OneGridError } from '../kit/errors';
import { isOneOf } from '../kit/enums';
import type { RouteHelpers } from '../kit/subgraph';
import { issueRule } from './access';
import { issueConditions } from './filters';
import { reportIssue } from './issues';
import type { EnvironmentContext, EnvironmentLoaders } from './loaders';
import { ISSUE_CATEGORIES, type IssueCategory } from './rules/enums';
import type { EnvironmentSettings } from './settings';
import { environmentIssues, type EnvironmentIssueRow } from './tables';

/**
 * The Open311 GeoReport v2 view of environment issues (https://wiki.open311.org/GeoReport_v2), the API city apps such
 * as FixMyStreet speak: each category is a service; each issue a service request, `open` until CLOSED or VOIDED, its
 * detailed state in `status_notes`. JSON only. The same access rules as GraphQL: a resident lists their own requests,
 * grid workers those of their grids, environment officers and admins all. Anonymous requests are refused with 403:
 * a report names a place and its reporter, and a list would show other people's reports.
 */

export const OPEN311_BASE = '/open311/v2';

/** What each category is called, for people: the service_name, description and keywords of its service. */
const SERVICES: Record<IssueCategory, { name: string; description: string; keywords: string }> = {
  FLOATING_DEBRIS: { name: '水面漂浮物 Floating debris', description: 'Rubbish or debris floating on a river or pond.', keywords: 'river,water,debris,漂浮物' },
  GARBAGE_PILE: { name: '垃圾堆放 Garbage pile', description: 'Garbage piled up, e.g. on a river bank or in a lane.', keywords: 'garbage,rubbish,bank,垃圾' },
  SEWAGE_OUTFALL: { name: '排污口 Sewage outfall', description: 'Sewage discharging into a river.', keywords: 'sewage,outfall,pollution,排污' },
  BLACK_ODOROUS_WATER: { name: '黑臭水体 Black and odorous water', description: 'Water that is black or smells.', keywords: 'water,odour,black,黑臭' },
  ILLEGAL_DUMPING: { name: '非法倾倒 Illegal dumping', description: 'Waste or construction debris dumped illegally.', keywords: 'dumping,debris,waste,倾倒' },
  ILLEGAL_CONSTRUCTION: { name: '乱搭乱建 Illegal construction', description: 'A structure built without permission.', keywords: 'construction,building,违建' },
  NOISE: { name: '噪声扰民 Noise', description: 'Noise that disturbs residents.', keywords: 'noise,噪声' },
  OTHER: { name: '其他 Other', description: 'Anything else about the living environment.', keywords: 'environment,其他' },
};

/** The status names people read in status_notes. */
const STATUS_NOTES: Record<CaseStatus, string> = {
  REPORTED: '上报 reported',
  ACCEPTED: '受理 accepted',
  FILED: '立案 filed',
  VOIDED: '不予立案 not filed',
  DISPATCHED: '派遣 dispatched',
  PROCESSING: '处置 in progress',
  PROCESSED: '反馈 dealt with',
  VERIFYING: '核查 being verified',
  CLOSED: '结案 closed',
  REWORK: '返工 rework',
};

const TIER_AGENCIES = { GRID: 'grid', COMMUNITY: 'community', SUBDISTRICT: 'subdistrict', CITY: 'city' } as const;

/** A GeoReport v2 error: `[{ code, description }]` with the same HTTP status. */
class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

const HTTP_OF_CODE: Record<string, 400 | 403 | 404> = { BAD_USER_INPUT: 400, CONFLICT: 400, NOT_FOUND: 404, FORBIDDEN: 403, UNAUTHENTICATED: 403 };

export const serviceOf = (category: IssueCategory) => ({
  service_code: category,
  service_name: SERVICES[category].name,
  description: SERVICES[category].description,
  metadata: false,
  type: 'realtime',
  keywords: SERVICES[category].keywords,
  group: 'environment',
});

/** A service request as GeoReport v2 names its fields. */
export function serviceRequestOf(issue: EnvironmentIssueRow) {
  const overdue = isCaseOverdue(issue) ? '; overdue' : '';
  return {
    service_request_id: issue.id,
    status: open311Status(issue.status),
    status_notes: `${issue.status} (${STATUS_NOTES[issue.status]}); tier ${issue.tier}${overdue}`,
    service_name: SERVICES[issue.category].name,
    service_code: issue.category,
    description: issue.description,
    agency_responsible: `OneGrid ${TIER_AGENCIES[issue.tier]} ${issue.tier === 'GRID' ? issue.gridId : ''}`.trim(),
    service_notice: caseWorkflow.allowed(issue.status).length && issue.deadline ? `To be handled by ${issue.deadline.toISOString()}.` : null,
    requested_datetime: issue.reportedAt.toISOString(),
    updated_datetime: issue.updatedAt.toISOString(),
    expected_datetime: issue.deadline && open311Status(issue.status) === 'open' ? issue.deadline.toISOString() : null,
    address: issue.address,
    address_id: null,
    zipcode: null,
    lat: issue.latitude,
    long: issue.longitude,
    media_url: issue.photoUrls[0] ?? null,
  };
}

/** Requests one list returns at most, newest first, and the days it covers by default (GeoReport v2's defaults). */
const MAX_REQUESTS = 1000;
const DEFAULT_DAYS = 90;

const asText = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
function asNumber(value: unknown, name: string): number | undefined {
  const text = asText(value);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Open311Error(400, `${name} must be a number.`);
  return n;
}
function asDate(value: unknown, name: string): Date | undefined {
  const text = asText(value);
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Open311Error(400, `${name} must be a date and time in W3C format, e.g. 2026-11-30T08:00:00Z.`);
  return date;
}

/** Signed-in viewers only: a 403 saying why. */
function assertSignedIn(ctx: EnvironmentContext): void {
  if (!ctx.viewer.authenticated) {
    throw new Open311Error(403, 'Send a bearer token: environment reports name a place and a person, so OneGrid does not take or show them anonymously.');
  }
}

/** GET requests.json: the requests the viewer may see that the GeoReport filters select, newest first. */
async function listRequests(ctx: EnvironmentContext, query: Request['query']) {
  assertSignedIn(ctx);
  const ids = asText(query.service_request_id)?.split(',').map((id) => id.trim()).filter(Boolean);
  const serviceCodes = asText(query.service_code)?.split(',').map((code) => code.trim());
  const unknown = serviceCodes?.find((code) => !isOneOf(ISSUE_CATEGORIES, code));
  if (unknown) throw new Open311Error(400, `service_code ${unknown} is not a service: see services.json.`);
  const status = asText(query.status);
  if (status && status !== 'open' && status !== 'closed') throw new Open311Error(400, 'status must be open or closed.');
  const end = asDate(query.end_date, 'end_date');
  const start = asDate(query.start_date, 'start_date') ?? (ids ? undefined : new Date((end ?? new Date()).getTime() - DEFAULT_DAYS * 86_400_000));
  const requests = await ctx.db
    .select()
    .from(environmentIssues)
    .where(
      and(
      issueRule.where(ctx.viewer),
      ids ? inArray(environmentIssues.id, ids) : undefined,
      serviceCodes ? inArray(environmentIssues.category, serviceCodes as IssueCategory[]) : undefined,
      status ? issueConditions({ isOpen: status === 'open' }) : undefined,
      start ? gte(environmentIssues.reportedAt, start) : undefined,
      end ? lte(environmentIssues.reportedAt, end) : undefined,
      ),
    )
    .orderBy(desc(environmentIssues.reportedAt), asc(environmentIssues.id))
    .limit(MAX_REQUESTS);
  return requests.map(serviceRequestOf);
}

/** POST requests.json: a report, through the same path as GraphQL's reportEnvironmentIssue. */
async function createRequest(ctx: EnvironmentContext, body: Record<string, unknown>) {
  assertSignedIn(ctx);
  const code = asText(body.service_code);
  if (!code) throw new Open311Error(400, 'service_code is required: see services.json.');
  if (!isOneOf(ISSUE_CATEGORIES, code)) throw new Open311Error(400, `service_code ${code} is not a service: see services.json.`);
  const latitude = asNumber(body.lat, 'lat');
  const longitude = asNumber(body.long, 'long');
  if (latitude !== undefined && (latitude < -90 || latitude > 90)) throw new Open311Error(400, 'lat must be between -90 and 90.');
  if (longitude !== undefined && (longitude < -180 || longitude > 180)) throw new Open311Error(400, 'long must be between -180 and 180.');
  const address = asText(body.address_string);
  if (latitude === undefined && !address) throw new Open311Error(400, 'A location is required: lat and long, or address_string.');
  const description = asText(body.description);
  if (!description || description.length > 1000) throw new Open311Error(400, 'description is required, up to 1000 characters.');
  const mediaUrl = asText(body.media_url);
  if (mediaUrl && !/^https?:\/\/\S+$/.test(mediaUrl)) throw new Open311Error(400, 'media_url must be an http(s) URL.');
  if (address && address.length > 200) throw new Open311Error(400, 'address_string must be at most 200 characters.');
  const issue = await reportIssue(ctx, { category: code, description, address, latitude, longitude, photoUrls: mediaUrl ? [mediaUrl] : [] });
  return [{ service_request_id: issue.id, service_notice: serviceRequestOf(issue).service_notice, account_id: null }];
}

/** Answers a route's result as JSON, or its failure as a GeoReport error; internal failures are masked. */
const answer =
  (helpers: RouteHelpers<EnvironmentLoaders, EnvironmentSettings>, work: (ctx: EnvironmentContext, req: Request) => Promise<unknown>, created = false) =>
  async (req: Request, res: Response) => {
    let ctx: EnvironmentContext | undefined;
    try {
      ctx = await helpers.contextOf(req);
      const result = await work(ctx, req);
      await ctx.audit.settled();
      res.status(created ? 201 : 200).json(result);
    } catch (error) {
      // A hidden request answers 404 only once its denied attempt is on record, as over GraphQL.
      await ctx?.audit.settled();
      const known =
        error instanceof Open311Error
          ? error
          : error instanceof OneGridError && HTTP_OF_CODE[String(error.extensions.code)]
            ? new Open311Error(HTTP_OF_CODE[String(error.extensions.code)]!, error.message)
            : undefined;
      if (!known) {
        ctx?.log.error({ err: error }, 'Open311 request failed');
        res.status(500).json([{ code: 500, description: 'Internal server error.' }]);
        return;
      }
      res.status(known.status).json([{ code: known.status, description: known.message }]);
    }
  };

/** Mounts the GeoReport v2 endpoints on the environment subgraph's server. */
export function serveOpen311(app: Express, helpers: RouteHelpers<EnvironmentLoaders, EnvironmentSettings>): void {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '100kb' }), express.json({ limit: '100kb' }));
  router.get('/services.json', (_req, res) => void res.json(ISSUE_CATEGORIES.map(serviceOf)));
  router.get('/services/:code.json', (req, res) => {
    if (!isOneOf(ISSUE_CATEGORIES, req.params.code)) {
      res.status(404).json([{ code: 404, description: `There is no service ${req.params.code}.` }]);
      return;
    }
    // No extra attributes: a request needs only what every service asks (metadata false).
    res.json({ service_code: req.params.code, attributes: [] });
  });
  router.get('/requests.json', answer(helpers, (ctx, req) => listRequests(ctx, req.query)));
  router.get(
    '/requests/:id.json',
    answer(helpers, async (ctx, req) => {
      assertSignedIn(ctx);
      const id = String(req.params.id);
      const issue = await ctx.loaders.issueById.load(id);
      if (!issue) throw new Open311Error(404, `There is no service request ${id}.`);
      return [serviceRequestOf(issue)];
    }),
  );
  router.post('/requests.json', answer(helpers, (ctx, req) => createRequest(ctx, (req.body ?? {}) as Record<string, unknown>), true));
  app.use(OPEN311_BASE, router);
}
