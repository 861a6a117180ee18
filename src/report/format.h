// Writing run results to files for the tools users feed: the format comes
// from --format or from the file's extension.
//
//   markdown (.md)    the report of §7.3, one document per account
//   json (.json)      the result graph as one JSON array
//   ndjson (.ndjson)  the result graph, one element per line
//   csv (.csv)        one row per failing resource and per non-failing check
//                     and account (RFC 4180)
//   html (.html)      one self-contained page: summary per account, section
//                     tree, failing checks with their resources
//   sarif (.sarif)    SARIF 2.1.0, one result per failing resource
//   junit (.xml)      JUnit XML, one suite per benchmark and account
//   ocsf (.ocsf)      OCSF 1.1.0 Detection Findings as one JSON array
//
// The exact shapes are described in writers.h and the *_format.cc files.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "report/result_tree.h"

namespace canopy::report {

// The format named by a file's extension ("" when unknown).
std::string format_of_file(const std::string& path);

Result<std::string> format_results(const std::vector<BenchmarkResult>& results,
                                   const std::string& format, bool only_check_results);

}  // namespace canopy::report
