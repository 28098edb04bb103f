-- Cluster membership (Microsoft.Orleans.Clustering.AdoNet): one version row per cluster
-- (Orleans' DeploymentId = ClusterId) and one row per silo incarnation. The version is the
-- optimistic-concurrency token of the whole table: every insert or update of a member
-- checks it and bumps it in the same statement.

CREATE TABLE IF NOT EXISTS orleans_membership_version (
  deployment_id text PRIMARY KEY,
  version integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_membership (
  deployment_id text NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
  address text NOT NULL,
  port integer NOT NULL,
  generation integer NOT NULL,
  silo_name text NOT NULL,
  host_name text NOT NULL,
  status integer NOT NULL,
  proxy_port integer NOT NULL DEFAULT 0,
  suspect_times text NULL,
  start_time timestamptz NOT NULL,
  i_am_alive_time timestamptz NOT NULL,
  PRIMARY KEY (deployment_id, address, port, generation)
);

-- Inserts a silo only when the caller saw the current table version and the silo is new;
-- bumps the version. All or nothing: the version row stays locked until the end.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
  p_deployment_id text,
  p_address text,
  p_port integer,
  p_generation integer,
  p_silo_name text,
  p_host_name text,
  p_status integer,
  p_proxy_port integer,
  p_start_time timestamptz,
  p_i_am_alive_time timestamptz,
  p_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
BEGIN
  PERFORM 1
    FROM orleans_membership_version
   WHERE deployment_id = p_deployment_id AND version = p_version
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;

  INSERT INTO orleans_membership (
    deployment_id, address, port, generation, silo_name, host_name,
    status, proxy_port, start_time, i_am_alive_time)
  VALUES (
    p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
    p_status, COALESCE(p_proxy_port, 0), p_start_time, p_i_am_alive_time)
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN false;
  END IF;

  UPDATE orleans_membership_version
     SET version = version + 1, updated_at = now()
   WHERE deployment_id = p_deployment_id;
  RETURN true;
END;
$function$;

-- Updates a silo's status and suspicions only when the caller saw the current table
-- version and the silo exists; bumps the version.
CREATE OR REPLACE FUNCTION orleans_membership_update(
  p_deployment_id text,
  p_address text,
  p_port integer,
  p_generation integer,
  p_status integer,
  p_suspect_times text,
  p_i_am_alive_time timestamptz,
  p_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
BEGIN
  PERFORM 1
    FROM orleans_membership_version
   WHERE deployment_id = p_deployment_id AND version = p_version
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;

  UPDATE orleans_membership
     SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
   WHERE deployment_id = p_deployment_id
     AND address = p_address AND port = p_port AND generation = p_generation;
  IF NOT FOUND THEN
    RETURN false;
  END IF;

  UPDATE orleans_membership_version
     SET version = version + 1, updated_at = now()
   WHERE deployment_id = p_deployment_id;
  RETURN true;
END;
$function$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $query$
WITH created AS (
  INSERT INTO orleans_membership_version (deployment_id)
  VALUES (@DeploymentId)
  ON CONFLICT (deployment_id) DO NOTHING
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created);
$query$),
('MembershipReadAllKey', $query$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
  FROM orleans_membership_version v
  LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
 WHERE v.deployment_id = @DeploymentId;
$query$),
('MembershipReadRowKey', $query$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
  FROM orleans_membership_version v
  LEFT JOIN orleans_membership m
    ON m.deployment_id = v.deployment_id
   AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
 WHERE v.deployment_id = @DeploymentId;
$query$),
('InsertMembershipKey', $query$
SELECT orleans_membership_insert(
  @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
  @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$query$),
('UpdateMembershipKey', $query$
SELECT orleans_membership_update(
  @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version);
$query$),
('UpdateIAmAlivetimeKey', $query$
UPDATE orleans_membership
   SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId
   AND address = @Address AND port = @Port AND generation = @Generation;
$query$),
('GatewaysQueryKey', $query$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
  FROM orleans_membership
 WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$query$),
('DeleteMembershipTableEntriesKey', $query$
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
$query$),
('CleanupDefunctSiloEntriesKey', $query$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime;
$query$),
('CleanupDefunctSiloEntryKey', $query$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND address = @Address AND port = @Port AND generation = @Generation
   AND status = 6
   AND start_time = @StartTime
   AND i_am_alive_time = @IAmAliveTime
   AND suspect_times IS NOT DISTINCT FROM @SuspectTimes;
$query$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
