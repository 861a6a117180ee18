-- Q4  is(aws_ec2_security_group) and group_ip_permissions[*].{ip_ranges[*].cidr_ip=="0.0.0.0/0"
--       and from_port<=22 and to_port>=22}
-- Security groups with an inbound rule that opens port 22 to 0.0.0.0/0 (range and ports in the
-- same rule; a rule without from_port does not match). The equality on cidr_ip is what the
-- jsonb_path_ops index can use. Output: node id.
SELECT id
FROM nodes
WHERE kinds @> '{aws_ec2_security_group}'
  AND doc @? '$.reported.group_ip_permissions[*] ? (@.ip_ranges[*].cidr_ip == "0.0.0.0/0" && @.from_port <= 22 && @.to_port >= 22)';
