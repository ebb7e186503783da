package config

import (
	"encoding/json"
	"maps"

	"github.com/policyls/policyls/analysis/policy"
)

// What each settings key means, for hover, completion and the JSON Schema
// (docs/policyls.schema.json, which TestSchemaIsCurrent keeps in step with
// the keys read here and the rule registry).

// KeyDocs explains the keys of the policyls object.
var KeyDocs = map[string]string{
	"kinds":        "Force the policy kind of files by path glob instead of inferring it from the document: a list of {\"glob\", \"kind\"}; the first match wins. Globs are relative to this file's folder (or, in editor settings, the workspace root).",
	"partition":    "The AWS partition (aws, aws-cn, aws-us-gov, ...) filled into ARN templates by completion and into documentation placeholders by quick fixes.",
	"region":       "The AWS Region code (such as us-east-1) filled into ARN templates by completion and into documentation placeholders by quick fixes.",
	"accountId":    "Your 12-digit AWS account ID, filled into ARN templates by completion and into documentation placeholders by quick fixes.",
	"rules":        "Per rule ID, \"off\" or a severity: \"error\", \"warning\", \"info\" (or \"information\"), \"hint\".",
	"suppressions": "Silence single findings: a file glob, a JSON Pointer into the document (the value and everything below it; \"\" for the whole file) and a rule ID, or \"*\" for every rule; in a template or Terraform file, a location names the embedded policy the pointer is in. \"Suppress RULE here\" writes these.",
	"exclude":      "Globs (relative to this file's folder) of files and folders that policyls check and fmt do not search; a path named on the command line is checked all the same.",
	"policyls":     "The policyls settings, when they are nested as editors nest them.",
	SchemaKey:      "The JSON Schema of this file, for editors that validate JSON.",
}

// EntryKeyDocs explains the keys of a kinds entry and a suppressions entry.
var EntryKeyDocs = map[string]string{
	"glob":     "Path glob: * and ? within a segment, ** for any number of segments.",
	"kind":     "The policy kind the matching files hold.",
	"file":     "Glob of the files the suppression applies to, relative to this file's folder; every file when left out.",
	"location": "In a CloudFormation template or Terraform file, the policy the suppression applies to, named as check's JSON and SARIF output name it (\"Resources.PinpointRole.Properties.AssumeRolePolicyDocument\", \"aws_iam_role.pinpoint.assume_role_policy\"); path is then a pointer inside that policy. Left out, path applies inside every policy of the file. A policy file has no locations: a suppression with one never applies to it.",
	"path":     "JSON Pointer of the value whose findings are silenced, with everything below it (\"/Statement/0/Action/1\"); \"\" or left out for the whole document (with a location, the whole policy).",
	"rule":     "The rule ID to silence, or \"*\" for every rule.",
}

// KindDocs describes the policy kinds a settings glob may force.
var KindDocs = map[policy.Kind]string{
	policy.KindSESIdentity: "SES identity (sending authorization) policy",
	policy.KindIAMIdentity: "IAM identity-based permission policy",
	policy.KindTrust:       "IAM role trust policy",
	policy.KindRCP:         "AWS Organizations resource control policy",
	policy.KindSCP:         "AWS Organizations service control policy",
	policy.KindUnknown:     "another resource-based policy: generic rules only",
}

// SeverityDocs describes the words of a rule setting.
var SeverityDocs = map[string]string{
	"off":         "Do not report the rule.",
	"error":       "Report as an error (check fails on it by default).",
	"warning":     "Report as a warning.",
	"info":        "Report as information.",
	"information": "Report as information (the same as \"info\").",
	"hint":        "Report as a hint (an editor suggestion; check shows hints only with --hints).",
}

// KindRuleKeys and SuppressionKeys are the keys of a kinds entry and of a
// suppressions entry.
var (
	KindRuleKeys    = kindKeys
	SuppressionKeys = suppressionKeys
)

// JSONSchema is the JSON Schema (draft-07) of a settings file.
func JSONSchema() []byte {
	str := func(doc string) map[string]any { return map[string]any{"type": "string", "description": doc} }
	var kinds []string
	var kindDocs []string
	for _, k := range policy.Kinds {
		kinds = append(kinds, string(k))
		kindDocs = append(kindDocs, KindDocs[k])
	}
	var severityDocs []string
	for _, w := range SeverityWords {
		severityDocs = append(severityDocs, SeverityDocs[w])
	}
	severity := map[string]any{"type": "string", "enum": SeverityWords, "enumDescriptions": severityDocs}
	rules := map[string]any{}
	for _, r := range policy.Rules() {
		rules[r.ID] = map[string]any{"$ref": "#/definitions/severity", "description": r.Summary}
	}
	ruleIDs := append(RuleIDs(), "*")
	settings := map[string]any{
		"kinds": map[string]any{
			"type": []string{"array", "null"}, "description": KeyDocs["kinds"],
			"items": map[string]any{
				"type": "object", "required": kindKeys, "additionalProperties": false,
				"properties": map[string]any{
					"glob": str(EntryKeyDocs["glob"]),
					"kind": map[string]any{"type": "string", "description": EntryKeyDocs["kind"], "enum": kinds, "enumDescriptions": kindDocs},
				},
			},
		},
		"partition": map[string]any{"type": []string{"string", "null"}, "description": KeyDocs["partition"]},
		"region":    map[string]any{"type": []string{"string", "null"}, "description": KeyDocs["region"]},
		"accountId": map[string]any{"type": []string{"string", "null"}, "description": KeyDocs["accountId"], "pattern": "^([0-9]{12})?$"},
		"rules": map[string]any{
			"type": []string{"object", "null"}, "description": KeyDocs["rules"],
			"properties": rules, "additionalProperties": false,
		},
		"exclude": map[string]any{
			"type": []string{"array", "null"}, "description": KeyDocs["exclude"],
			"items": map[string]any{"type": "string"},
		},
		"suppressions": map[string]any{
			"type": []string{"array", "null"}, "description": KeyDocs["suppressions"],
			"items": map[string]any{
				"type": "object", "required": []string{"rule"}, "additionalProperties": false,
				"properties": map[string]any{
					"file":     str(EntryKeyDocs["file"]),
					"location": str(EntryKeyDocs["location"]),
					"path":     map[string]any{"type": "string", "description": EntryKeyDocs["path"], "pattern": "^(/.*)?$"},
					"rule":     map[string]any{"type": "string", "description": EntryKeyDocs["rule"], "enum": ruleIDs},
				},
			},
		},
	}
	top := maps.Clone(settings)
	top[SchemaKey] = str(KeyDocs[SchemaKey])
	top["policyls"] = map[string]any{"description": KeyDocs["policyls"], "type": []string{"object", "null"}, "properties": settings, "additionalProperties": false}
	schema := map[string]any{
		"$schema":              "http://json-schema.org/draft-07/schema#",
		"$id":                  SchemaURL,
		"title":                "policyls settings (" + FileName + ")",
		"description":          "Settings of policyls, the linter and language server for AWS policy JSON.",
		"type":                 "object",
		"properties":           top,
		"additionalProperties": false,
		"definitions":          map[string]any{"severity": severity},
	}
	out, err := json.MarshalIndent(schema, "", "  ")
	if err != nil {
		panic(err) // maps of strings, lists and maps always encode
	}
	return append(out, '\n')
}

// SchemaURL is where the JSON Schema is published.
const SchemaURL = "https://raw.githubusercontent.com/policyls/policyls/main/docs/policyls.schema.json"
