import { graphqlEnum } from '../../kit/enums';
import type * as Rules from '../rules/enums';
import { CONSENT_STATUSES, FUNDING_SOURCES, RENOVATION_CATEGORIES, RENOVATION_PHASES, RETROFIT_PHASES, VOTE_CHOICES, VOTE_METHODS } from '../rules/enums';

export const RenovationCategory = graphqlEnum(
  'RenovationCategory',
  'What kind of work a renovation item is (改造内容分类). New values may be added.',
  RENOVATION_CATEGORIES,
  {
    BASIC: 'Basic (基础类): pipes, overhead cables, roofs, fire equipment.',
    IMPROVEMENT: 'Improvement (完善类): parking lines, charging, insulation, greening.',
    UPGRADE: 'Upgrade (提升类): service centres, elder care.',
  },
);

export const FundingSource = graphqlEnum('FundingSource', 'Who pays for a renovation item (资金来源). New values may be added.', FUNDING_SOURCES, {
  GOVERNMENT: 'Government funds (政府投入).',
  RESIDENTS: 'The residents (居民出资).',
  UTILITY: 'A utility company (管线单位).',
  SOCIAL: 'Social capital (社会资本).',
});

export const RenovationPhase = graphqlEnum(
  'RenovationPhase',
  'Where a renovation project stands (改造阶段); it moves one phase forward at a time. New values may be added.',
  RENOVATION_PHASES,
  {
    SURVEY: 'Surveying the compound (摸底调查).',
    CONSULTATION: 'Consulting the residents (征求意见).',
    PLAN: 'Drawing up the plan (方案设计).',
    APPROVAL: 'Awaiting approval (审批立项).',
    TENDER: 'Tendering (招标).',
    CONSTRUCTION: 'Under construction (施工).',
    ACCEPTANCE: 'Acceptance inspection (竣工验收).',
    LONG_TERM_MANAGEMENT: 'Done; kept up by long-term management (长效管理).',
  },
);

export const RetrofitPhase = graphqlEnum(
  'RetrofitPhase',
  'Where an elevator retrofit stands (加装电梯阶段); it only moves forward, and the consent decides PUBLICIZED or REJECTED. New values may be added.',
  RETROFIT_PHASES,
  {
    PROPOSED: 'Proposed by the preparation group (发起).',
    CONSENT_COLLECTING: 'The owners are voting (征求意见).',
    PUBLICIZED: 'Consent given; the result is on public notice (公示).',
    DESIGN: 'Being designed (设计).',
    APPROVAL: 'Awaiting the permits (审批).',
    CONSTRUCTION: 'Being built (施工).',
    ACCEPTANCE: 'Acceptance inspection (验收).',
    IN_SERVICE: 'Running (投入使用).',
    REJECTED: 'The consent was not given (未通过); final.',
  },
);

export const ConsentStatus = graphqlEnum('ConsentStatus', 'Whether a consent is still taking votes (表决状态). New values may be added.', CONSENT_STATUSES, {
  OPEN: 'Taking votes; a household may replace its vote.',
  CLOSED: 'Counted; no vote can be cast or replaced.',
});

export const VoteChoice = graphqlEnum('VoteChoice', 'A household\'s answer (表决意见). New values may be added.', VOTE_CHOICES, {
  AGREE: 'Agrees (同意).',
  DISAGREE: 'Disagrees (不同意).',
  ABSTAIN: 'Takes part without agreeing or disagreeing (弃权): counts towards the quorum, not the agreement.',
});

export const VoteMethod = graphqlEnum('VoteMethod', 'How a vote was cast (表决方式). New values may be added.', VOTE_METHODS, {
  WRITTEN: 'A written ballot (书面), recorded by a housing officer.',
  ONLINE: 'Online, by a resident of the household.',
  MEETING: 'At an owners\' meeting (会议), recorded by a housing officer.',
});

export type RenovationCategory = Rules.RenovationCategory;
export type FundingSource = Rules.FundingSource;
export type RenovationPhase = Rules.RenovationPhase;
export type RetrofitPhase = Rules.RetrofitPhase;
export type ConsentStatus = Rules.ConsentStatus;
export type VoteChoice = Rules.VoteChoice;
export type VoteMethod = Rules.VoteMethod;
