-- Loads a generated inventory for bench/query_bench.sh (psql variables: input = the ndjson
-- file, kinds = a tab-separated file "kind<TAB>{kind,base,base of base,...}" derived from
-- src/model/kinds/*.json; both read by the server).
--
-- nodes: one row per node; doc is the whole node object as imported (id, reported, metadata),
--   kinds the node's kind and all its bases (for is(...)), fts the tokens of all leaf values
--   of the reported section (for full-text search).
-- edges: one row per edge, edge_type 'default' or 'delete'.
-- Ids are compared bytewise (COLLATE "C"): "order by node id" means the same as in Canopy.
SET maintenance_work_mem = '1GB';
CREATE UNLOGGED TABLE raw(line text);
COPY raw FROM :'input' WITH (FORMAT csv, DELIMITER E'\x02', QUOTE E'\x01');
CREATE TEMP TABLE kind_bases(kind text PRIMARY KEY, kinds text[] NOT NULL);
COPY kind_bases FROM :'kinds';

-- Canopy's full-text tokens: leaf values (strings, numbers, booleans) of the reported section,
-- lower-cased and split at blank _ - @ : / . ; every leaf value is a separate element of the
-- array given to jsonb_to_tsvector, which leaves a position gap between elements, so that a
-- phrase never spans two values. (The 'simple' parser splits tokens further at other
-- punctuation; query_bench.sh checks that the answers are the same as Canopy's.)
CREATE FUNCTION canopy_fts(reported jsonb) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT jsonb_to_tsvector('simple',
                           coalesce(jsonb_agg(translate(lower(v #>> '{}'), '_-@:/.', '      ')), '[]'),
                           '["string"]')
  FROM jsonb_path_query(reported, 'strict $.**') v
  WHERE jsonb_typeof(v) IN ('string', 'number', 'boolean')
$$;
-- The same tokenisation for the search text: a phrase query.
CREATE FUNCTION canopy_phrase(text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT phraseto_tsquery('simple', translate(lower($1), '_-@:/.', '      '))
$$;

-- The primary key index covers kinds: is(...) on a node reached over an edge is an index-only
-- scan (Q5: 7 % faster).
-- Documents are kept uncompressed in the row (a node is at most a few KB): reading a
-- property does not decompress or fetch from the TOAST table (Q3: 4x faster than default TOAST).
CREATE TABLE nodes(id text COLLATE "C" NOT NULL, kind text NOT NULL, kinds text[] NOT NULL,
                   doc jsonb NOT NULL, fts tsvector NOT NULL) WITH (toast_tuple_target = 8160);
ALTER TABLE nodes ALTER doc SET STORAGE MAIN, ALTER fts SET STORAGE MAIN;
CREATE TABLE edges(from_id text COLLATE "C" NOT NULL, to_id text COLLATE "C" NOT NULL,
                   edge_type text NOT NULL);
INSERT INTO nodes
SELECT j->>'id', j->'reported'->>'kind', coalesce(b.kinds, ARRAY[j->'reported'->>'kind']), j,
       canopy_fts(j->'reported')
FROM (SELECT line::jsonb j FROM raw) s LEFT JOIN kind_bases b ON b.kind = j->'reported'->>'kind'
WHERE j ? 'id';
INSERT INTO edges SELECT j->>'from', j->>'to', coalesce(j->>'edge_type', 'default') FROM (SELECT line::jsonb j FROM raw) s WHERE j ? 'from';
DROP TABLE raw;

ALTER TABLE nodes ADD PRIMARY KEY (id) INCLUDE (kinds);
CREATE INDEX nodes_kind ON nodes(kind);
CREATE INDEX nodes_kinds ON nodes USING gin (kinds);
CREATE INDEX nodes_doc ON nodes USING gin (doc jsonb_path_ops);
CREATE INDEX nodes_fts ON nodes USING gin (fts);
CREATE INDEX edges_out ON edges(from_id, edge_type);
CREATE INDEX edges_in ON edges(to_id, edge_type);
-- the queries follow default edges only: covering partial indexes make a traversal step an
-- index-only scan of default edges (Q5: 9 % faster than edges_out with INCLUDE (to_id))
CREATE INDEX edges_out_default ON edges(from_id) INCLUDE (to_id) WHERE edge_type = 'default';
CREATE INDEX edges_in_default ON edges(to_id) INCLUDE (from_id) WHERE edge_type = 'default';
-- statistics for the planner, visibility map for index-only scans, hint bits set
VACUUM (ANALYZE) nodes;
VACUUM (ANALYZE) edges;
CHECKPOINT;
