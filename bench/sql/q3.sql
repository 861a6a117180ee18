-- Q3  aggregate(instance_type: sum(1) as count): is(aws_ec2_instance)
-- Output: instance_type <TAB> count (one line per group).
SELECT doc->'reported'->>'instance_type' AS instance_type, count(*) AS count
FROM nodes
WHERE kinds @> '{aws_ec2_instance}'
GROUP BY 1;
