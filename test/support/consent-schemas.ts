// The rules of the two consent schemas (iglu:com.snowplowanalytics.snowplow/consent_preferences/1-0-0 and
// cmp_visible/1-0-0) as a validator: returns the list of violations of one event's data.

const EVENT_TYPES = ['deny_all', 'allow_all', 'allow_selected', 'pending', 'implicit_consent', 'withdrawn', 'expired'];
const BASES = ['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests'];
const PREFERENCES_FIELDS = [
  'eventType',
  'basisForProcessing',
  'consentUrl',
  'consentVersion',
  'consentScopes',
  'domainsApplied',
  'gdprApplies',
];
const REQUIRED = PREFERENCES_FIELDS.filter((field) => field !== 'gdprApplies');

function isUri(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}

function stringList(value: unknown): boolean {
  return Array.isArray(value) && value.length >= 1 && value.every((item) => typeof item === 'string');
}

export function consentPreferencesViolations(data: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const field of REQUIRED) if (!(field in data)) problems.push(`missing ${field}`);
  for (const field of Object.keys(data)) if (!PREFERENCES_FIELDS.includes(field)) problems.push(`extra ${field}`);
  if (!EVENT_TYPES.includes(data['eventType'] as string)) problems.push(`eventType ${String(data['eventType'])}`);
  if (!BASES.includes(data['basisForProcessing'] as string))
    problems.push(`basisForProcessing ${String(data['basisForProcessing'])}`);
  if (!isUri(data['consentUrl'])) problems.push(`consentUrl ${String(data['consentUrl'])}`);
  const version = data['consentVersion'];
  if (typeof version !== 'string' || version.length > 16) problems.push(`consentVersion ${String(version)}`);
  if (!stringList(data['consentScopes'])) problems.push('consentScopes');
  if (!stringList(data['domainsApplied'])) problems.push('domainsApplied');
  if ('gdprApplies' in data && typeof data['gdprApplies'] !== 'boolean') problems.push('gdprApplies');
  return problems;
}

export function cmpVisibleViolations(data: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const field of Object.keys(data)) if (field !== 'elapsedTime') problems.push(`extra ${field}`);
  const elapsed = data['elapsedTime'];
  if (typeof elapsed !== 'number' || !Number.isFinite(elapsed) || elapsed < 0) problems.push(`elapsedTime ${String(elapsed)}`);
  return problems;
}
