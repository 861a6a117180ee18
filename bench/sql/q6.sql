-- Q6  "<text>"   (full-text search)
-- Nodes whose reported leaf values contain the tokens of the text as a phrase (see canopy_fts
-- in load.sql). Output: node id.
SELECT id
FROM nodes
WHERE fts @@ canopy_phrase(:'text');
