-- Q5  id(<account>) -[0:]-> is(resource)
-- The account node and every node reachable from it over default edges, if a resource.
-- Output: node id.
WITH RECURSIVE reachable(id) AS (
  SELECT id FROM nodes WHERE id = :'account'
  UNION
  SELECT e.to_id FROM reachable r JOIN edges e ON e.from_id = r.id AND e.edge_type = 'default'
)
SELECT r.id
FROM reachable r JOIN nodes n ON n.id = r.id
WHERE n.kinds @> '{resource}';
