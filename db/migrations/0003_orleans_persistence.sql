-- Grain state (Microsoft.Orleans.Persistence.AdoNet). A record is identified by the
-- service, the state name and the grain key (two 64-bit halves plus an optional string
-- extension, which holds the whole key of string-keyed grains). The two hashes only make
-- lookups cheap; they can collide, so every query also matches the full identity.
-- NULLS NOT DISTINCT needs PostgreSQL 15 or later.

CREATE TABLE IF NOT EXISTS orleans_storage (
  service_id text NOT NULL,
  grain_type_string text NOT NULL,
  grain_id_n0 bigint NOT NULL,
  grain_id_n1 bigint NOT NULL,
  grain_id_extension_string text NULL,
  grain_id_hash integer NOT NULL,
  grain_type_hash integer NOT NULL,
  payload_binary bytea NULL,
  version integer NOT NULL,
  modified_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX IF NOT EXISTS orleans_storage_identity
  ON orleans_storage (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string)
  NULLS NOT DISTINCT;

CREATE INDEX IF NOT EXISTS orleans_storage_lookup
  ON orleans_storage (grain_id_hash, grain_type_hash);

-- Writes a state. A caller that never saw a record (version NULL) inserts version 1 unless
-- the record exists; otherwise the stored version must equal the caller's. Returns the new
-- version, or NULL when the caller's version is stale.
CREATE OR REPLACE FUNCTION orleans_storage_write(
  p_grain_id_hash integer,
  p_grain_id_n0 bigint,
  p_grain_id_n1 bigint,
  p_grain_type_hash integer,
  p_grain_type_string text,
  p_grain_id_extension_string text,
  p_service_id text,
  p_version integer,
  p_payload_binary bytea)
RETURNS integer
LANGUAGE plpgsql
AS $function$
DECLARE
  new_version integer;
BEGIN
  IF p_version IS NULL THEN
    INSERT INTO orleans_storage (
      service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string,
      grain_id_hash, grain_type_hash, payload_binary, version)
    VALUES (
      p_service_id, p_grain_type_string, p_grain_id_n0, p_grain_id_n1, p_grain_id_extension_string,
      p_grain_id_hash, p_grain_type_hash, p_payload_binary, 1)
    ON CONFLICT DO NOTHING
    RETURNING version INTO new_version;
    RETURN new_version;
  END IF;

  UPDATE orleans_storage
     SET payload_binary = p_payload_binary, version = version + 1, modified_at = now()
   WHERE grain_id_hash = p_grain_id_hash
     AND grain_type_hash = p_grain_type_hash
     AND service_id = p_service_id
     AND grain_type_string = p_grain_type_string
     AND grain_id_n0 = p_grain_id_n0
     AND grain_id_n1 = p_grain_id_n1
     AND grain_id_extension_string IS NOT DISTINCT FROM p_grain_id_extension_string
     AND version = p_version
  RETURNING version INTO new_version;
  RETURN new_version;
END;
$function$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $query$
SELECT payload_binary AS "PayloadBinary", version AS "Version"
  FROM orleans_storage
 WHERE grain_id_hash = @GrainIdHash
   AND grain_type_hash = @GrainTypeHash
   AND service_id = @ServiceId
   AND grain_type_string = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND grain_id_extension_string IS NOT DISTINCT FROM @GrainIdExtensionString;
$query$),
('WriteToStorageKey', $query$
SELECT orleans_storage_write(
  @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
  @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion";
$query$),
('ClearStorageKey', $query$
UPDATE orleans_storage
   SET payload_binary = NULL, version = version + 1, modified_at = now()
 WHERE grain_id_hash = @GrainIdHash
   AND grain_type_hash = @GrainTypeHash
   AND service_id = @ServiceId
   AND grain_type_string = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND grain_id_extension_string IS NOT DISTINCT FROM @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING version;
$query$),
('DeleteStorageKey', $query$
DELETE FROM orleans_storage
 WHERE grain_id_hash = @GrainIdHash
   AND grain_type_hash = @GrainTypeHash
   AND service_id = @ServiceId
   AND grain_type_string = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND grain_id_extension_string IS NOT DISTINCT FROM @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING version + 1;
$query$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
