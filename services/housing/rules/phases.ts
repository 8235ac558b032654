import { stateMachine } from '../../kit/workflow';
import type { RenovationPhase, RetrofitPhase } from './enums';

/** A renovation project moves one phase forward at a time, never back (docs/domain-rules.md, housing). */
export const renovationWorkflow = stateMachine<RenovationPhase>('A renovation project', {
  SURVEY: ['CONSULTATION'],
  CONSULTATION: ['PLAN'],
  PLAN: ['APPROVAL'],
  APPROVAL: ['TENDER'],
  TENDER: ['CONSTRUCTION'],
  CONSTRUCTION: ['ACCEPTANCE'],
  ACCEPTANCE: ['LONG_TERM_MANAGEMENT'],
  LONG_TERM_MANAGEMENT: [],
});

/** An elevator retrofit moves forward only; the consent decides between PUBLICIZED and REJECTED. */
export const retrofitWorkflow = stateMachine<RetrofitPhase>('An elevator retrofit', {
  PROPOSED: ['CONSENT_COLLECTING'],
  CONSENT_COLLECTING: ['PUBLICIZED', 'REJECTED'],
  PUBLICIZED: ['DESIGN'],
  DESIGN: ['APPROVAL'],
  APPROVAL: ['CONSTRUCTION'],
  CONSTRUCTION: ['ACCEPTANCE'],
  ACCEPTANCE: ['IN_SERVICE'],
  IN_SERVICE: [],
  REJECTED: [],
});

/**
 * Moves only the consent makes: opening it (PROPOSED → CONSENT_COLLECTING) and closing it (→ PUBLICIZED or REJECTED,
 * by the tally). advanceRetrofitPhase refuses them, so no phase says "consented" without a counted consent.
 */
export const CONSENT_PHASES: readonly RetrofitPhase[] = ['CONSENT_COLLECTING', 'PUBLICIZED', 'REJECTED'];

/** Phases in which a retrofit is under way: a building (or stairwell unit) has at most one at a time. */
export const ACTIVE_RETROFIT_PHASES: readonly RetrofitPhase[] = ['PROPOSED', 'CONSENT_COLLECTING', 'PUBLICIZED', 'DESIGN', 'APPROVAL', 'CONSTRUCTION', 'ACCEPTANCE'];
