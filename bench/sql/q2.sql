-- Q2  is(aws_iam_access_key) and access_key_status=="Active" and
--       access_key_last_used.last_used==null and
--       /ancestors.aws_iam_user.reported.password_enabled==true
-- Active access keys never used whose nearest aws_iam_user along inbound default edges has a
-- password. The nearest user is looked for among the direct predecessors first (ties: the
-- smallest node id); only keys without one are searched further up, breadth first (ties: the
-- smallest depth, then the smallest node id). Output: node id.
WITH RECURSIVE
keys AS (
  SELECT id FROM nodes
  WHERE kinds @> '{aws_iam_access_key}'
    AND doc @> '{"reported": {"access_key_status": "Active"}}'
    AND coalesce(doc #> '{reported,access_key_last_used,last_used}', 'null') = 'null'
),
direct AS (
  SELECT k.id,
         (SELECT u.doc @> '{"reported": {"password_enabled": true}}'
          FROM edges e JOIN nodes u ON u.id = e.from_id
          WHERE e.to_id = k.id AND e.edge_type = 'default' AND u.kinds @> '{aws_iam_user}'
          ORDER BY u.id LIMIT 1) AS password_enabled
  FROM keys k
),
up(key_id, node_id, depth, is_user) AS (
  SELECT d.id, e.from_id, 1, false
  FROM direct d JOIN edges e ON e.to_id = d.id AND e.edge_type = 'default'
  WHERE d.password_enabled IS NULL
  UNION
  SELECT up.key_id, e.from_id, up.depth + 1, n.kinds @> '{aws_iam_user}'
  FROM up
  JOIN edges e ON e.to_id = up.node_id AND e.edge_type = 'default'
  JOIN nodes n ON n.id = e.from_id
  WHERE NOT up.is_user
),
further AS (
  SELECT DISTINCT ON (up.key_id) up.key_id AS id,
         n.doc @> '{"reported": {"password_enabled": true}}' AS password_enabled
  FROM up JOIN nodes n ON n.id = up.node_id
  WHERE up.is_user
  ORDER BY up.key_id, up.depth, up.node_id
)
SELECT id FROM direct WHERE password_enabled
UNION ALL
SELECT id FROM further WHERE password_enabled;
