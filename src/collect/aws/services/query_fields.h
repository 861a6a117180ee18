// Reading the XML answers of the query-protocol services (RDS, Redshift,
// ELB, Auto Scaling, CloudFormation, SNS, CloudWatch) into node documents.
#pragma once
