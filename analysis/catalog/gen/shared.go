package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// sharedPrefix is one entry of shared-prefixes.json: a prefix that AWS's
// Service Authorization Reference gives to several service pages. The
// dataset keeps one entry per prefix and, for an action named on two pages,
// the resource types of one page only; Actions adds the other page's.
type sharedPrefix struct {
	Name    string              `json:"name"`
	Pages   []string            `json:"pages"`
	Source  string              `json:"source"`
	Actions map[string][]string `json:"actions"`
	// OrphansTo names actions that take every resource type of the prefix
	// no dataset action takes (API Gateway's HTTP verbs on the V2 page).
	OrphansTo []string `json:"orphansTo"`
}

// readShared reads shared-prefixes.json; keys starting with "_" are notes.
func readShared(path string) (map[string]sharedPrefix, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := map[string]sharedPrefix{}
	for prefix, msg := range raw {
		if strings.HasPrefix(prefix, "_") {
			continue
		}
		var sp sharedPrefix
		if err := json.Unmarshal(msg, &sp); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, prefix, err)
		}
		if len(sp.Pages) < 2 {
			return nil, fmt.Errorf("%s: %s lists %d pages; a shared prefix has at least two", path, prefix, len(sp.Pages))
		}
		out[prefix] = sp
	}
	return out, nil
}

// sharedAdditions works out, per lowercased action name, the resource types
// the other pages of a shared prefix add. It fails when the file names an
// action or resource type the dataset lacks, so drift is caught here.
func sharedAdditions(prefix string, s *dsService, sp sharedPrefix) (map[string][]string, error) {
	actions := map[string]bool{}
	taken := map[string]bool{}
	for _, a := range s.Actions {
		actions[strings.ToLower(a.Name)] = true
		for _, r := range a.ResourceTypes {
			taken[strings.ToLower(r.Name)] = true
		}
	}
	types := map[string]string{}
	var orphans []string
	for _, r := range s.Resources {
		types[strings.ToLower(r.Key)] = r.Key
		if !taken[strings.ToLower(r.Key)] {
			orphans = append(orphans, r.Key)
		}
	}
	out := map[string][]string{}
	add := func(action string, names []string) error {
		if !actions[strings.ToLower(action)] {
			return fmt.Errorf("shared prefix %s: action %q is not in the dataset", prefix, action)
		}
		for _, n := range names {
			name, ok := types[strings.ToLower(n)]
			if !ok {
				return fmt.Errorf("shared prefix %s: resource type %q (for %s) is not in the dataset", prefix, n, action)
			}
			out[strings.ToLower(action)] = append(out[strings.ToLower(action)], name)
		}
		return nil
	}
	for _, action := range sortedKeys(sp.Actions) {
		if err := add(action, sp.Actions[action]); err != nil {
			return nil, err
		}
	}
	for _, action := range sp.OrphansTo {
		if err := add(action, orphans); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// withResources adds resource types an action lacks (required, as the
// other page marks them) and keeps the list sorted by name.
func withResources(a actionOut, names []string) actionOut {
	have := map[string]bool{}
	for _, r := range a.Resources {
		have[strings.ToLower(r.Name)] = true
	}
	for _, n := range names {
		if !have[strings.ToLower(n)] {
			have[strings.ToLower(n)] = true
			a.Resources = append(a.Resources, actionResource{Name: n, Required: true})
		}
	}
	sort.SliceStable(a.Resources, func(i, j int) bool { return a.Resources[i].Name < a.Resources[j].Name })
	return a
}
