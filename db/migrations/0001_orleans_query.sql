-- The Orleans ADO.NET providers read their SQL from this table at start-up
-- ("SELECT QueryKey, QueryText FROM OrleansQuery"). The identifiers are unquoted there,
-- so the table and its columns must be lower case.
CREATE TABLE IF NOT EXISTS orleansquery (
  querykey text PRIMARY KEY,
  querytext text NOT NULL
);
