-- The active numbers, one row each, filed under their audience shard (a stable hash of the number). An opt-in inserts
-- a row, an opt-out deletes it: the cost of either does not grow with the audience. Campaigns walk a shard in number
-- order, which the primary key serves.

CREATE TABLE IF NOT EXISTS audience_member (
  shard integer NOT NULL,
  number bigint NOT NULL,
  PRIMARY KEY (shard, number)
);
