import type { SelfDescribingJson } from './bridge.js';
import type { BasisForProcessing } from './consent-events.js';
import { ConsentSource, type Decision } from './decide.js';
import { levelRank, type ConsentLevel } from './levels.js';

/**
 * What every event says about the consent it was sent under, as entities added by the guard when the event
 * leaves (so a queued or retried event carries the decision in force then, not the one it was tracked under):
 * - Iglu Central's `gdpr` entity, on every event: the basis for processing and the policy document;
 * - this library's `consent_state` entity, when the site asks for it (`consent-entity`): the level, the purposes
 *   granted, where the decision came from; on a decision's own consent event also the time the visitor took
 *   and, with `consent-receipt`, the receipt of that decision.
 * Neither holds an identifier: no decision time, no id of a visitor or device (the receipt id is random, made
 * for one decision, and rides on that decision's consent event only).
 */

const GDPR_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/gdpr/jsonschema/1-0-0';
/** The vendor of this library's own schemas, shipped in the package under `schemas/` (Iglu's static layout). */
const OWN_VENDOR = 'dev.consent-banner';
const CONSENT_STATE_SCHEMA = `iglu:${OWN_VENDOR}/consent_state/jsonschema/1-0-0`;
/** The entities of any version, as found in a payload. */
export const CONSENT_ENTITY_PREFIXES = [GDPR_SCHEMA, CONSENT_STATE_SCHEMA].map((schema) =>
  schema.slice(0, schema.indexOf('jsonschema/')),
);

/** The gdpr schema's limits. */
const MAX_DOCUMENT_ID = 255;

/** What the entities are built from, besides the decision in force. */
export interface ConsentEntitySettings {
  /** The basis of what only consent allows: the levels above `rejectLevel` (`basis-for-processing`). */
  basisForProcessing: BasisForProcessing;
  /** What runs whatever the visitor says: this level and below are measured on legitimate interests. */
  rejectLevel: ConsentLevel;
  policyVersion: string;
  /** The privacy policy (`privacy-url`, or the site's origin). */
  documentUrl: string;
  /** Add the `consent_state` entity to every event (`consent-entity`, or `consent-receipt`). */
  stateEntity: boolean;
}

/**
 * The entity settings of each consent manager of this page, by consent cookie: every guard of that cookie
 * (the element's trackers, the tag's, those of `withConsent()`) reads them when an event leaves.
 */
const declaredSettings = new Map<string, ConsentEntitySettings>();

export function declareEntitySettings(cookieName: string, settings: ConsentEntitySettings): void {
  declaredSettings.set(cookieName, settings);
}

export function declaredEntitySettings(cookieName: string): ConsentEntitySettings | undefined {
  return declaredSettings.get(cookieName);
}

/** Where the decision in force came from, as `consent_state.source` says it. */
type StateSource = 'visitor' | 'api' | 'stored' | 'other_tab' | 'default' | 'signal';

/** What a decision made on this page adds to its own consent event. Never stored: it lives in this page only. */
export interface DecisionNote {
  source: StateSource;
  /** Milliseconds from the banner appearing to this decision, when the banner asked on this page. */
  bannerToDecisionMs?: number;
  receipt?: { id: string; textsSha256: Promise<string | null> };
}

/**
 * Decisions made or adopted on this page, by the stored value that holds them. The guard finds the note of the
 * decision in force by the copy it reads, so a decision replaced meanwhile lends nothing to the events after it.
 */
const notes = new Map<string, DecisionNote>();
/** A page keeps the notes of its last decisions only. */
const MAX_NOTES = 32;

export function noteDecision(storedValue: string, note: DecisionNote): void {
  notes.delete(storedValue);
  notes.set(storedValue, note);
  if (notes.size > MAX_NOTES) notes.delete(notes.keys().next().value!);
}

/** The note of a decision adopted from another tab, unless this page made it. */
export function noteAdopted(storedValue: string): void {
  if (!notes.has(storedValue)) noteDecision(storedValue, { source: 'other_tab' });
}

/** The decision in force, as the gate reads it from the stored copies. */
export type DecisionInForce = Pick<Decision, 'level' | 'purposes' | 'source'> & { copies: readonly string[] };

function noteOf(decision: DecisionInForce): DecisionNote | undefined {
  return decision.copies.length === 1 ? notes.get(decision.copies[0]!) : undefined;
}

function stateSource(decision: DecisionInForce): StateSource {
  switch (decision.source) {
    case ConsentSource.Default:
      return 'default';
    case ConsentSource.Dnt:
    case ConsentSource.Gpc:
      return 'signal';
    default:
      // A stored decision: made on this page (by the visitor or the site's code), adopted from another tab, or earlier.
      return noteOf(decision)?.source ?? 'stored';
  }
}

/**
 * The gdpr entity: what only consent allows is processed on the site's basis (`consent` by default); what
 * runs whatever the visitor says (the reject level and below, before or after a decision) on legitimate
 * interests. The document is the privacy policy in its version.
 */
export function gdprEntity(decision: Pick<Decision, 'level' | 'purposes'>, settings: ConsentEntitySettings): SelfDescribingJson {
  const byConsent = levelRank(decision.level) > levelRank(settings.rejectLevel);
  return {
    schema: GDPR_SCHEMA,
    data: {
      basisForProcessing: byConsent ? settings.basisForProcessing : 'legitimate_interests',
      documentId: settings.documentUrl.length <= MAX_DOCUMENT_ID ? settings.documentUrl : null,
      documentVersion: settings.policyVersion,
      // The level and purposes in a fixed form, for pipelines that know only this schema (see the warehouse docs).
      documentDescription: `level=${decision.level}; purposes=${[...decision.purposes].join(',')}`,
    },
  };
}

/**
 * The consent_state entity of the decision in force; `decisionEvent`: this event is the consent event that
 * records it (the only one its note's time and receipt go on).
 */
export async function consentStateEntity(
  decision: DecisionInForce,
  settings: ConsentEntitySettings,
  decisionEvent: boolean,
): Promise<SelfDescribingJson> {
  const note = decisionEvent ? noteOf(decision) : undefined;
  const data: Record<string, unknown> = {
    level: decision.level,
    purposes: [...decision.purposes],
    source: stateSource(decision),
    policyVersion: settings.policyVersion,
  };
  if (note?.bannerToDecisionMs !== undefined) data['bannerToDecisionMs'] = note.bannerToDecisionMs;
  if (note?.receipt) data['receipt'] = { id: note.receipt.id, textsSha256: await note.receipt.textsSha256 };
  return { schema: CONSENT_STATE_SCHEMA, data };
}

/** SHA-256 of the texts the visitor was shown, hex; null where the browser offers no digest (outside secure contexts). */
export async function textsSha256(texts: string): Promise<string | null> {
  try {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(texts));
    return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
  } catch {
    return null;
  }
}
