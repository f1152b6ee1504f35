-- The consent events of <consent-banner> over atomic events in DuckDB, loaded in the Snowflake Loader's layout
-- (each self-describing event and entity a JSON column named as Snowflake names its VARIANT columns): the same
-- views as ../snowflake/consent_events.sql, in DuckDB's JSON syntax. The tests run them, then
-- ../consent_reports.sql, over the events the browser sent to the loopback collector.

CREATE OR REPLACE VIEW consent_events AS
SELECT
  e.event_id,
  e.app_id,
  e.collector_tstamp,
  e.event_name,
  e.domain_sessionid,
  e.unstruct_event_com_snowplowanalytics_snowplow_consent_preferences_1 ->> '$.eventType' AS event_type,
  COALESCE(
    e.unstruct_event_com_snowplowanalytics_snowplow_consent_preferences_1 ->> '$.consentVersion',
    e.contexts_com_snowplowanalytics_snowplow_gdpr_1 ->> '$[0].documentVersion'
  ) AS consent_version,
  e.unstruct_event_com_snowplowanalytics_snowplow_consent_preferences_1 ->> '$.consentScopes[0]' AS consent_level,
  CAST(json_extract(e.unstruct_event_com_snowplowanalytics_snowplow_consent_preferences_1, '$.consentScopes') AS VARCHAR[]) AS consent_scopes,
  e.unstruct_event_com_snowplowanalytics_snowplow_consent_preferences_1 ->> '$.consentUrl' AS consent_url,
  CAST(e.unstruct_event_com_snowplowanalytics_snowplow_cmp_visible_1 ->> '$.elapsedTime' AS DOUBLE) AS banner_elapsed_ms,
  CAST(e.contexts_dev_consent_banner_consent_state_1 ->> '$[0].bannerToDecisionMs' AS BIGINT) AS banner_to_decision_ms
FROM atomic.events AS e
WHERE e.event_vendor = 'com.snowplowanalytics.snowplow'
  AND e.event_name IN ('consent_preferences', 'cmp_visible')
QUALIFY ROW_NUMBER() OVER (PARTITION BY e.event_id ORDER BY e.collector_tstamp) = 1;

CREATE OR REPLACE VIEW consent_event_scopes AS
SELECT
  c.event_id,
  c.app_id,
  c.collector_tstamp,
  c.event_type,
  c.consent_version,
  s.scope
FROM consent_events AS c,
  UNNEST(c.consent_scopes) AS s(scope)
WHERE c.event_name = 'consent_preferences';
