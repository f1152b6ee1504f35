-- The consent events of <consent-banner>, read straight from Snowplow's atomic events in BigQuery (the
-- BigQuery Loader's layout: one column per self-describing event, a STRUCT, and per entity, a REPEATED
-- STRUCT, named unstruct_event_<vendor>_<name>_<major>_<minor>_<patch> and contexts_<...>, properties in
-- snake_case). No join to sessions, page views or users: the rejects and impressions a cookieless site
-- sends carry no session id, and are counted all the same. An event the pipeline received twice (a tracker
-- retries what it could not confirm) counts once: its first arrival. Then run ../consent_reports.sql over these views.
-- Replace `atomic` with your dataset (a view names the dataset of what it reads: BigQuery has no default one
-- there), and `events` with your table; run the reports with that dataset as the default dataset.

CREATE OR REPLACE VIEW `atomic.consent_events` AS
SELECT
  e.event_id,
  e.app_id,
  e.collector_tstamp,
  e.event_name,
  e.domain_sessionid,
  e.unstruct_event_com_snowplowanalytics_snowplow_consent_preferences_1_0_0.event_type AS event_type,
  -- cmp_visible has no version of its own: the gdpr entity every event carries gives it.
  COALESCE(
    e.unstruct_event_com_snowplowanalytics_snowplow_consent_preferences_1_0_0.consent_version,
    e.contexts_com_snowplowanalytics_snowplow_gdpr_1_0_0[SAFE_OFFSET(0)].document_version
  ) AS consent_version,
  -- The first scope is the measurement level the decision gave.
  e.unstruct_event_com_snowplowanalytics_snowplow_consent_preferences_1_0_0.consent_scopes[SAFE_OFFSET(0)] AS consent_level,
  e.unstruct_event_com_snowplowanalytics_snowplow_consent_preferences_1_0_0.consent_scopes AS consent_scopes,
  e.unstruct_event_com_snowplowanalytics_snowplow_consent_preferences_1_0_0.consent_url AS consent_url,
  e.unstruct_event_com_snowplowanalytics_snowplow_cmp_visible_1_0_0.elapsed_time AS banner_elapsed_ms,
  -- Present with consent-entity, on the decision made after the banner asked on the same page.
  e.contexts_dev_consent_banner_consent_state_1_0_0[SAFE_OFFSET(0)].banner_to_decision_ms AS banner_to_decision_ms
FROM `atomic.events` AS e
WHERE e.event_vendor = 'com.snowplowanalytics.snowplow'
  AND e.event_name IN ('consent_preferences', 'cmp_visible')
QUALIFY ROW_NUMBER() OVER (PARTITION BY e.event_id ORDER BY e.collector_tstamp) = 1;

-- One row per scope of each consent_preferences event: the level, what it lets out, the purposes granted.
CREATE OR REPLACE VIEW `atomic.consent_event_scopes` AS
SELECT
  c.event_id,
  c.app_id,
  c.collector_tstamp,
  c.event_type,
  c.consent_version,
  scope
FROM `atomic.consent_events` AS c
CROSS JOIN UNNEST(c.consent_scopes) AS scope
WHERE c.event_name = 'consent_preferences';
