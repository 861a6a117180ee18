-- Q6r  "<text>"   (full-text search as the HTTP API runs it: no sort, relevance order)
-- The matches of q6.sql in PostgreSQL's own relevance order, ts_rank over the node's full-text
-- vector (Canopy ranks by BM25: the two orders differ by design, only the set of answers is
-- compared). Output: node id, best first.
SELECT id
FROM nodes
WHERE fts @@ canopy_phrase(:'text')
ORDER BY ts_rank(fts, canopy_phrase(:'text')) DESC;
