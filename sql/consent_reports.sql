-- Consent reports over the views of <warehouse>/consent_events.sql (Snowflake, BigQuery; DuckDB in the tests).
-- Plain SQL that every one of them runs as it is. Each report starts with a "-- report: <name>" line.
-- Decisions are the consent_preferences events a visitor's choice sends: allow_all, allow_selected, deny_all
-- (pending marks the banner asking; withdrawn and expired are no choice).

-- report: impressions
-- How often the banner appeared (cmp_visible), per day, app and policy version.
SELECT
  CAST(collector_tstamp AS DATE) AS day,
  app_id,
  consent_version,
  COUNT(*) AS impressions
FROM consent_events
WHERE event_name = 'cmp_visible'
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;

-- report: decisions_by_type
SELECT
  CAST(collector_tstamp AS DATE) AS day,
  app_id,
  consent_version,
  event_type,
  COUNT(*) AS decisions
FROM consent_events
WHERE event_name = 'consent_preferences'
  AND event_type IN ('allow_all', 'allow_selected', 'deny_all')
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4;

-- report: decisions_by_level
-- The measurement level each decision gave (the first of its consentScopes).
SELECT
  CAST(collector_tstamp AS DATE) AS day,
  app_id,
  consent_version,
  consent_level,
  COUNT(*) AS decisions
FROM consent_events
WHERE event_name = 'consent_preferences'
  AND event_type IN ('allow_all', 'allow_selected', 'deny_all')
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4;

-- report: decisions_by_purpose
-- Decisions that granted each purpose: the scopes that are neither a level nor the data a level lets out.
SELECT
  CAST(collector_tstamp AS DATE) AS day,
  app_id,
  consent_version,
  scope AS purpose,
  COUNT(*) AS decisions
FROM consent_event_scopes
WHERE event_type IN ('allow_all', 'allow_selected', 'deny_all')
  AND scope NOT IN (
    'full', 'session', 'anonymous', 'cookieless', 'none',
    'user_id', 'device_id', 'session_id', 'network_user_id', 'ip_address', 'cookies'
  )
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4;

-- report: consent_rate
-- Per day, app and policy version: the decisions, and the share that accepted all or any of it.
SELECT
  CAST(collector_tstamp AS DATE) AS day,
  app_id,
  consent_version,
  COUNT(*) AS decisions,
  SUM(CASE WHEN event_type = 'allow_all' THEN 1 ELSE 0 END) AS allow_all,
  SUM(CASE WHEN event_type = 'allow_selected' THEN 1 ELSE 0 END) AS allow_selected,
  SUM(CASE WHEN event_type = 'deny_all' THEN 1 ELSE 0 END) AS deny_all,
  AVG(CASE WHEN event_type = 'allow_all' THEN 1.0 ELSE 0 END) AS accept_all_rate,
  AVG(CASE WHEN event_type IN ('allow_all', 'allow_selected') THEN 1.0 ELSE 0 END) AS consent_rate
FROM consent_events
WHERE event_name = 'consent_preferences'
  AND event_type IN ('allow_all', 'allow_selected', 'deny_all')
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;

-- report: banner_to_decision
-- Time from the banner appearing to the decision, carried on the decision itself (consent_state, with
-- consent-entity): no join of a cookieless cmp_visible to a decision sent with other identifiers.
SELECT
  app_id,
  consent_version,
  event_type,
  COUNT(*) AS timed_decisions,
  AVG(banner_to_decision_ms) AS avg_ms,
  MIN(banner_to_decision_ms) AS min_ms,
  MAX(banner_to_decision_ms) AS max_ms
FROM consent_events
WHERE event_name = 'consent_preferences'
  AND banner_to_decision_ms IS NOT NULL
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
