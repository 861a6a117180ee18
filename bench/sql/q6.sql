-- Q6  "<text>" sort /reported.kind asc, /reported.name asc, /reported.id asc
-- (full-text search as the shell runs `search "<text>"`: it adds the default sort)
-- Nodes whose reported leaf values contain the tokens of the text as a phrase (see canopy_fts
-- in load.sql), ordered like Canopy orders them: kind, reported.name, reported.id, compared
-- bytewise, missing values first (Canopy sorts null before any string). The generator writes
-- name and id of every node as strings, so the text comparison is the value comparison.
-- Output: node id, in that order.
SELECT id
FROM nodes
WHERE fts @@ canopy_phrase(:'text')
ORDER BY kind COLLATE "C",
         doc->'reported'->>'name' COLLATE "C" NULLS FIRST,
         doc->'reported'->>'id' COLLATE "C" NULLS FIRST;
