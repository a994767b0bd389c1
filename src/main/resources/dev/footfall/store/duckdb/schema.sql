-- Footfall's embedded schema. Applied at every start; every statement is idempotent.
-- Raw tables are append-only: sessions change by appending a -1 row that cancels the previous
-- state and a +1 row with the new state, so sum(sign * x) over a session is its current value.

CREATE TABLE IF NOT EXISTS sites (
    domain            VARCHAR PRIMARY KEY,
    timezone          VARCHAR NOT NULL,
    allowed_hostnames VARCHAR[] NOT NULL DEFAULT [],
    created_at        TIMESTAMP NOT NULL,
    raw_retention_days INTEGER,         -- NULL: raw events stay hot forever
    retention_days     INTEGER          -- NULL: nothing is ever deleted
);
-- Data directories from before retention tiers: the same columns, at the same (last) places.
ALTER TABLE sites ADD COLUMN IF NOT EXISTS raw_retention_days INTEGER;
ALTER TABLE sites ADD COLUMN IF NOT EXISTS retention_days INTEGER;

-- Only a SHA-256 of each secret is kept; the secret itself is shown once, at creation.
CREATE TABLE IF NOT EXISTS api_keys (
    key_hash    VARCHAR PRIMARY KEY,
    prefix      VARCHAR NOT NULL,
    site_domain VARCHAR,            -- NULL for an admin key
    name        VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS goal_ids;
CREATE TABLE IF NOT EXISTS goals (
    id           BIGINT PRIMARY KEY DEFAULT nextval('goal_ids'),
    site_domain  VARCHAR NOT NULL,
    goal_type    VARCHAR NOT NULL,  -- 'event' | 'page'
    event_name   VARCHAR,
    page_path    VARCHAR,
    display_name VARCHAR NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

-- Plausible's allowed custom properties of a site (its Sites API's custom-props).
CREATE TABLE IF NOT EXISTS site_props (
    site_domain VARCHAR NOT NULL,
    property    VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (site_domain, property)
);

-- Domain changes (PUT /api/v1/sites/{domain} with a new domain): events still sent under the old
-- name count for the renamed site until the change is older than the transition period, as
-- Plausible's domain_changed_from. One row per old name; written with the rename itself.
CREATE TABLE IF NOT EXISTS domain_changes (
    old_domain VARCHAR PRIMARY KEY,
    new_domain VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL
);

-- Daily visitor-id salts: today's and yesterday's only; older rows are deleted at rotation.
CREATE TABLE IF NOT EXISTS salts (
    day  DATE PRIMARY KEY,
    salt BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
    site            VARCHAR NOT NULL,
    ts              TIMESTAMP NOT NULL,   -- UTC, to the second
    name            VARCHAR NOT NULL,
    visitor_id      BIGINT NOT NULL,
    session_id      BIGINT NOT NULL,
    hostname        VARCHAR NOT NULL,
    pathname        VARCHAR NOT NULL,
    referrer        VARCHAR NOT NULL,
    referrer_source VARCHAR NOT NULL,
    utm_medium      VARCHAR NOT NULL,
    utm_source      VARCHAR NOT NULL,
    utm_campaign    VARCHAR NOT NULL,
    utm_content     VARCHAR NOT NULL,
    utm_term        VARCHAR NOT NULL,
    country         VARCHAR NOT NULL,
    region          VARCHAR NOT NULL,
    city            VARCHAR NOT NULL,
    device          VARCHAR NOT NULL,
    browser         VARCHAR NOT NULL,
    browser_version VARCHAR NOT NULL,
    os              VARCHAR NOT NULL,
    os_version      VARCHAR NOT NULL,
    props           MAP(VARCHAR, VARCHAR) NOT NULL,
    interactive     BOOLEAN NOT NULL,
    scroll_depth    SMALLINT,             -- engagement events only
    engagement_ms   INTEGER,              -- engagement events only
    -- Unique and increasing in commit order (the writer counts from max(id) + 1); with ts, the
    -- keyset of GET /api/v1/events. Last because appenders fill columns by position and ALTER
    -- TABLE adds columns at the end: data directories made before it have the same layout.
    id              BIGINT
);

-- Data directories from before event ids: add the column, then number the existing events once,
-- in insertion (= commit) order as the writer would have. One plain UPDATE: it streams within the
-- memory limit where a window function over all events would not; a no-op once no id is NULL.
ALTER TABLE events ADD COLUMN IF NOT EXISTS id BIGINT;
UPDATE events SET id = (SELECT coalesce(max(id), 0) FROM events) + rowid + 1 WHERE id IS NULL;

CREATE TABLE IF NOT EXISTS sessions (
    site            VARCHAR NOT NULL,
    session_id      BIGINT NOT NULL,
    visitor_id      BIGINT NOT NULL,
    sign            TINYINT NOT NULL,
    version         INTEGER NOT NULL,
    started         TIMESTAMP NOT NULL,
    last_seen       TIMESTAMP NOT NULL,
    entry_page      VARCHAR NOT NULL,
    exit_page       VARCHAR NOT NULL,
    hostname        VARCHAR NOT NULL,
    referrer        VARCHAR NOT NULL,
    referrer_source VARCHAR NOT NULL,
    utm_medium      VARCHAR NOT NULL,
    utm_source      VARCHAR NOT NULL,
    utm_campaign    VARCHAR NOT NULL,
    utm_content     VARCHAR NOT NULL,
    utm_term        VARCHAR NOT NULL,
    country         VARCHAR NOT NULL,
    region          VARCHAR NOT NULL,
    city            VARCHAR NOT NULL,
    device          VARCHAR NOT NULL,
    browser         VARCHAR NOT NULL,
    browser_version VARCHAR NOT NULL,
    os              VARCHAR NOT NULL,
    os_version      VARCHAR NOT NULL,
    pageviews       INTEGER NOT NULL,
    events          INTEGER NOT NULL,
    duration_s      INTEGER NOT NULL,
    is_bounce       BOOLEAN NOT NULL,
    -- The exit page's host. Last because appenders fill columns by position and ALTER TABLE adds
    -- columns at the end; NULL in rows written before it, where readers take the entry host.
    exit_hostname   VARCHAR
);
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS exit_hostname VARCHAR;

-- Access-log imports: how far each file (known by a fingerprint of its first bytes) was imported,
-- so a re-run skips what is already stored and a crashed import resumes.
CREATE TABLE IF NOT EXISTS imports (
    fingerprint VARCHAR NOT NULL,
    site        VARCHAR NOT NULL,
    file_name   VARCHAR NOT NULL,
    lines_done  BIGINT NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (fingerprint, site)
);

-- The event journal's position everything below which is loaded (one row). Written in the same
-- transaction as the rows loaded, so a restart resumes exactly there (docs/journal.md).
CREATE TABLE IF NOT EXISTS journal_position (
    id       TINYINT PRIMARY KEY,
    position BIGINT NOT NULL
);
-- The row exists from the start, so each batch updates it in place: INSERT OR REPLACE deleted and
-- re-inserted through the key's index and cost ~18 ms a batch under load; an UPDATE ~2 ms.
INSERT OR IGNORE INTO journal_position VALUES (1, 0);

-- Warm tier: rollups of closed buckets (docs/stats.md, "Rollups"). One row per site, bucket
-- (local wall-clock start, in the site's timezone) and dimension value; dim '' holds the site's
-- totals. Each subject's sums sit in their own columns, zero where the subject counted nothing:
-- events (pageviews and custom events), visits (by the bucket they started in) and engagement.
-- Distinct counts are per local day, so days and months add up (visitors over days = the sum of
-- daily visitors, what the raw tier answers too); an hour's are that hour's.
CREATE TABLE IF NOT EXISTS rollup_hour (
    site            VARCHAR NOT NULL,
    bucket          TIMESTAMP NOT NULL,
    dim             VARCHAR NOT NULL,
    value           VARCHAR NOT NULL,
    events          BIGINT NOT NULL,
    pageviews       BIGINT NOT NULL,
    event_visitors  BIGINT NOT NULL,
    event_visits    BIGINT NOT NULL,
    visits          BIGINT NOT NULL,
    visit_visitors  BIGINT NOT NULL,
    visit_pageviews BIGINT NOT NULL,
    bounces         BIGINT NOT NULL,
    duration_s      BIGINT NOT NULL,
    engaged_visits  BIGINT NOT NULL,
    engaged_ms      BIGINT,               -- NULL where no engagement event carried a time
    scroll_sum      BIGINT,               -- NULL where no engagement event carried a depth
    scroll_visits   BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS rollup_day (
    site            VARCHAR NOT NULL,
    bucket          TIMESTAMP NOT NULL,
    dim             VARCHAR NOT NULL,
    value           VARCHAR NOT NULL,
    events          BIGINT NOT NULL,
    pageviews       BIGINT NOT NULL,
    event_visitors  BIGINT NOT NULL,
    event_visits    BIGINT NOT NULL,
    visits          BIGINT NOT NULL,
    visit_visitors  BIGINT NOT NULL,
    visit_pageviews BIGINT NOT NULL,
    bounces         BIGINT NOT NULL,
    duration_s      BIGINT NOT NULL,
    engaged_visits  BIGINT NOT NULL,
    engaged_ms      BIGINT,
    scroll_sum      BIGINT,
    scroll_visits   BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS rollup_month (
    site            VARCHAR NOT NULL,
    bucket          TIMESTAMP NOT NULL,
    dim             VARCHAR NOT NULL,
    value           VARCHAR NOT NULL,
    events          BIGINT NOT NULL,
    pageviews       BIGINT NOT NULL,
    event_visitors  BIGINT NOT NULL,
    event_visits    BIGINT NOT NULL,
    visits          BIGINT NOT NULL,
    visit_visitors  BIGINT NOT NULL,
    visit_pageviews BIGINT NOT NULL,
    bounces         BIGINT NOT NULL,
    duration_s      BIGINT NOT NULL,
    engaged_visits  BIGINT NOT NULL,
    engaged_ms      BIGINT,
    scroll_sum      BIGINT,
    scroll_visits   BIGINT NOT NULL
);

-- The pairs of a filter value with a panel's dimension (dim 'visit:device=Mobile>event:page',
-- docs/stats.md "Pairs for one-click filters"), in tables of their own: they are most of a day's
-- rows (about 8 in 9 on a site of 33 K pageviews a day), and every read of a single dimension
-- scanned them too, for a table is read in the order its rows were written (by build day).
CREATE TABLE IF NOT EXISTS rollup_pair_day (
    site            VARCHAR NOT NULL,
    bucket          TIMESTAMP NOT NULL,
    dim             VARCHAR NOT NULL,
    value           VARCHAR NOT NULL,
    events          BIGINT NOT NULL,
    pageviews       BIGINT NOT NULL,
    event_visitors  BIGINT NOT NULL,
    event_visits    BIGINT NOT NULL,
    visits          BIGINT NOT NULL,
    visit_visitors  BIGINT NOT NULL,
    visit_pageviews BIGINT NOT NULL,
    bounces         BIGINT NOT NULL,
    duration_s      BIGINT NOT NULL,
    engaged_visits  BIGINT NOT NULL,
    engaged_ms      BIGINT,
    scroll_sum      BIGINT,
    scroll_visits   BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS rollup_pair_month (
    site            VARCHAR NOT NULL,
    bucket          TIMESTAMP NOT NULL,
    dim             VARCHAR NOT NULL,
    value           VARCHAR NOT NULL,
    events          BIGINT NOT NULL,
    pageviews       BIGINT NOT NULL,
    event_visitors  BIGINT NOT NULL,
    event_visits    BIGINT NOT NULL,
    visits          BIGINT NOT NULL,
    visit_visitors  BIGINT NOT NULL,
    visit_pageviews BIGINT NOT NULL,
    bounces         BIGINT NOT NULL,
    duration_s      BIGINT NOT NULL,
    engaged_visits  BIGINT NOT NULL,
    engaged_ms      BIGINT,
    scroll_sum      BIGINT,
    scroll_visits   BIGINT NOT NULL
);

-- Which buckets are rolled up, in which timezone and layout (a timezone change or a build that
-- rolls up other dimensions makes them stale), and which dimensions were left out of a bucket for
-- having too many distinct values (those read raw).
CREATE TABLE IF NOT EXISTS rollup_buckets (
    site        VARCHAR NOT NULL,
    granularity VARCHAR NOT NULL,     -- 'day' | 'month'
    bucket      DATE NOT NULL,        -- the local day, or the first day of the local month
    timezone    VARCHAR NOT NULL,
    skipped     VARCHAR[] NOT NULL,
    built_at    TIMESTAMP NOT NULL,
    -- The fingerprint of the dimensions and labels the bucket was built with (DuckDbRollups.LAYOUT);
    -- NULL in buckets built before it was recorded. Only buckets of the running code's layout are
    -- read; the others are built again.
    layout      VARCHAR,
    PRIMARY KEY (site, granularity, bucket)
);
ALTER TABLE rollup_buckets ADD COLUMN IF NOT EXISTS layout VARCHAR;

-- Cold tier: the UTC months of a site whose raw rows moved to Parquet files under
-- <data>/archive/<domain>/ (docs/retention.md). A row is inserted in the same transaction that
-- deletes the month from the hot tables, so a file without its row is a move that did not finish
-- (never read, written again by the next run) and a row always has its files.
CREATE TABLE IF NOT EXISTS archived_months (
    site           VARCHAR NOT NULL,
    month          DATE NOT NULL,        -- first day of the UTC month
    events         BIGINT NOT NULL,      -- rows in <yyyy-MM>.parquet
    session_rows   BIGINT NOT NULL,      -- rows in <yyyy-MM>.sessions.parquet (visits that started that month)
    sessions_until TIMESTAMP,            -- the latest last_seen among them: visits that went on past the month's end
    archived_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (site, month)
);

-- Dashboard accounts. Passwords are Argon2id hashes; login sessions, invitations and shared links
-- are kept by the SHA-256 of their secret (shown once, at creation), so a copy of this file logs
-- nobody in, joins no site and opens no dashboard. Data directories from before invitations and
-- shared links were hashed are converted at start (DuckDbAccounts.hashSecrets).
CREATE SEQUENCE IF NOT EXISTS user_ids;
CREATE TABLE IF NOT EXISTS users (
    id            BIGINT PRIMARY KEY DEFAULT nextval('user_ids'),
    email         VARCHAR NOT NULL UNIQUE,   -- lower case
    password_hash VARCHAR NOT NULL,
    owner         BOOLEAN NOT NULL,          -- the instance owner, made at setup: every site
    created_at    TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS login_sessions (
    token_hash VARCHAR PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    csrf_token VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS memberships (
    user_id     BIGINT NOT NULL,
    site_domain VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,            -- 'viewer' | 'admin'
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, site_domain)
);
CREATE SEQUENCE IF NOT EXISTS invitation_ids;
CREATE TABLE IF NOT EXISTS invitations (
    id          BIGINT PRIMARY KEY DEFAULT nextval('invitation_ids'),
    token_hash  VARCHAR NOT NULL UNIQUE,     -- SHA-256 of the secret in the link
    site_domain VARCHAR NOT NULL,
    email       VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS shared_links (
    slug_hash     VARCHAR PRIMARY KEY,       -- SHA-256 of the secret in the link
    site_domain   VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    password_hash VARCHAR,                   -- NULL: the link alone opens the dashboard
    created_at    TIMESTAMP NOT NULL,
    -- The secret's first characters, to tell links apart in lists and revoke one. Last, where the
    -- conversion of older data directories adds it.
    prefix        VARCHAR NOT NULL
);

-- Saved segments (Plausible's): a named list of Stats API filters per site, personal (its owner's
-- alone) or shown to everyone who sees the site. segment_data is Plausible's JSON object
-- {"filters": [...], "labels": {...}}, checked by the Stats API's parser before it is stored.
CREATE SEQUENCE IF NOT EXISTS segment_ids;
CREATE TABLE IF NOT EXISTS segments (
    id           BIGINT PRIMARY KEY DEFAULT nextval('segment_ids'),
    site_domain  VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    type         VARCHAR NOT NULL,           -- 'personal' | 'site'
    segment_data VARCHAR NOT NULL,           -- JSON, at most 5 KiB
    owner_id     BIGINT NOT NULL,            -- who made it or changed it last
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);

-- Region names by ISO 3166-2 code for visit:region_name, refilled from Debian's iso-codes at
-- every start (store/sql/RegionNames): a table because 5,000 names inline in each query take a
-- second to parse, and a join takes milliseconds.
CREATE TABLE IF NOT EXISTS region_names (
    code VARCHAR PRIMARY KEY,                -- 'US-CA'
    name VARCHAR NOT NULL                    -- 'California'
);
