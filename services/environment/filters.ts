import { and, eq, isNotNull, lt, not, notInArray, type SQL } from 'drizzle-orm';
import { FINAL_CASE_STATUSES, type CaseStatus, type CaseTier } from '../kit/cases';
import { environmentIssues } from './tables';
import type { IssueCategory } from './rules/enums';

/** The SQL twin of the kit's isCaseOverdue: open and past its deadline. */
export const overdueCondition = (now: Date = new Date()): SQL =>
  and(notInArray(environmentIssues.status, [...FINAL_CASE_STATUSES]), isNotNull(environmentIssues.deadline), lt(environmentIssues.deadline, now))!;

export interface IssueConditions {
  gridId?: string | null;
  reporterResidentId?: string | null;
  category?: IssueCategory | null;
  status?: CaseStatus | null;
  tier?: CaseTier | null;
  isOverdue?: boolean | null;
  isOpen?: boolean | null;
}

/** One condition for every list of issues (root list, a grid's, a resident's): each criterion given must hold. */
export function issueConditions(filter: IssueConditions, now: Date = new Date()): SQL | undefined {
  const open = notInArray(environmentIssues.status, [...FINAL_CASE_STATUSES]);
  return and(
    filter.gridId ? eq(environmentIssues.gridId, filter.gridId) : undefined,
    filter.reporterResidentId ? eq(environmentIssues.reporterResidentId, filter.reporterResidentId) : undefined,
    filter.category ? eq(environmentIssues.category, filter.category) : undefined,
    filter.status ? eq(environmentIssues.status, filter.status) : undefined,
    filter.tier ? eq(environmentIssues.tier, filter.tier) : undefined,
    filter.isOverdue == null ? undefined : filter.isOverdue ? overdueCondition(now) : not(overdueCondition(now)),
    filter.isOpen == null ? undefined : filter.isOpen ? open : not(open),
  );
}
