package catalog

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/policyls/policyls/internal/boundedfile"
)

// An overlay brings the catalogue up to date without a new release: a
// folder of AWS's own service reference files (one JSON file per service,
// as served from https://servicereference.us-east-1.amazonaws.com/), each
// replacing the embedded data of its service or adding a new service.
//
// The format lacks a few things the embedded catalogue has: the required
// flag of resource types, dependent actions, service titles and our
// descriptions. Where the embedded catalogue knows the same action or
// resource type, those are kept from it.

// MaxOverlayFileSize is the largest service reference file LoadOverlay
// reads; a larger file is an error. The reference format repeats names,
// annotations and per-operation SDK lists, roughly ten times the size of
// our compact form, whose largest service (ec2) is 268 KB: 16 MiB leaves
// more than five times that estimate, and keeps a file meant to exhaust
// memory (or a link to /dev/zero) out.
const MaxOverlayFileSize = 16 << 20

// serviceReference is one service reference file, as far as we read it.
type serviceReference struct {
	Name    string `json:"Name"`
	Actions []struct {
		Name          string   `json:"Name"`
		ConditionKeys []string `json:"ActionConditionKeys"`
		Resources     []struct {
			Name string `json:"Name"`
		} `json:"Resources"`
		Annotations struct {
			Properties struct {
				IsList                 bool `json:"IsList"`
				IsPermissionManagement bool `json:"IsPermissionManagement"`
				IsTaggingOnly          bool `json:"IsTaggingOnly"`
				IsWrite                bool `json:"IsWrite"`
			} `json:"Properties"`
		} `json:"Annotations"`
	} `json:"Actions"`
	Resources []struct {
		Name          string   `json:"Name"`
		ARNFormats    []string `json:"ARNFormats"`
		ConditionKeys []string `json:"ConditionKeys"`
	} `json:"Resources"`
	ConditionKeys []struct {
		Name  string   `json:"Name"`
		Types []string `json:"Types"`
	} `json:"ConditionKeys"`
}

// validPrefix reports whether p has the shape of an IAM service prefix:
// lowercase letters, digits and hyphens, not starting with a hyphen.
func validPrefix(p string) bool {
	if p == "" || p[0] == '-' {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// LoadOverlay reads every *.json file in dir as an AWS service reference
// file and applies them to the default catalogue. See Catalog.LoadOverlay.
func LoadOverlay(dir string) error { return Default().LoadOverlay(dir) }

// LoadOverlay reads every *.json file in dir as an AWS service reference
// file, through boundedfile.Read: regular files of at most
// MaxOverlayFileSize bytes, symbolic links only to such files inside dir
// (never a named pipe or a device, which could hang the read). Each replaces the service with the same prefix (its Name field) or
// adds a new one. Nothing changes unless every file is valid. Lookups
// running at the same time see either the old or the new services, and
// services already handed out keep answering from the data they had.
func (c *Catalog) LoadOverlay(dir string) error {
	// Glob is silent about a missing directory; a mistyped path must not
	// quietly leave the catalogue as it was.
	if info, err := os.Stat(dir); err != nil {
		return fmt.Errorf("catalog overlay: %w", err)
	} else if !info.IsDir() {
		return fmt.Errorf("catalog overlay: %s is not a directory", dir)
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return fmt.Errorf("catalog overlay: %w", err)
	}
	if len(paths) == 0 {
		return fmt.Errorf("catalog overlay: no service reference files (*.json) in %s", dir)
	}
	sort.Strings(paths)
	c.overlayMu.Lock()
	defer c.overlayMu.Unlock()
	old := c.table()
	replaced := map[string]*Service{}
	for _, p := range paths {
		s, err := c.readOverlay(p, dir, old)
		if err != nil {
			return fmt.Errorf("catalog overlay: %s: %w", p, err)
		}
		replaced[s.Prefix] = s
	}
	if len(replaced) == 0 {
		return nil
	}
	t := &table{byPrefix: make(map[string]*Service, len(old.list)+len(replaced))}
	for _, s := range old.list {
		if r, ok := replaced[s.Prefix]; ok {
			s = r
			delete(replaced, s.Prefix)
		}
		t.list = append(t.list, s)
	}
	for _, s := range replaced {
		t.list = append(t.list, s)
	}
	sort.Slice(t.list, func(i, j int) bool { return t.list[i].Prefix < t.list[j].Prefix })
	for _, s := range t.list {
		t.byPrefix[s.Prefix] = s
	}
	c.services.Store(t)
	return nil
}

// readOverlay builds a fully decoded service from one reference file,
// borrowing what the format lacks from the service it replaces.
func (c *Catalog) readOverlay(path, dir string, old *table) (*Service, error) {
	raw, err := boundedfile.Read(path, dir, MaxOverlayFileSize)
	if err != nil {
		return nil, err
	}
	var ref serviceReference
	if err := json.Unmarshal(raw, &ref); err != nil {
		return nil, err
	}
	prefix := strings.ToLower(ref.Name)
	if !validPrefix(prefix) {
		return nil, fmt.Errorf("service name %q is not an IAM prefix", ref.Name)
	}
	if len(ref.Actions) == 0 {
		return nil, fmt.Errorf("service %s has no actions", prefix)
	}
	s := &Service{Prefix: prefix, Name: prefix, catalog: c}
	prev := old.byPrefix[prefix]
	if prev != nil {
		s.Name, s.slug = prev.Name, prev.slug
	}
	d := &serviceData{resByName: map[string]*ResourceType{}}
	for _, k := range ref.ConditionKeys {
		t := KeyType("")
		if len(k.Types) > 0 {
			t = KeyType(k.Types[0])
		}
		key := newConditionKey(k.Name, t, t.IsArray())
		if prev != nil {
			if pk, ok := prev.ConditionKey(k.Name); ok && equalFold(pk.Name, k.Name) {
				key.Description, key.MultiValued = pk.Description, pk.MultiValued || key.MultiValued
			}
		}
		d.keys.add(key)
	}
	for _, r := range ref.Resources {
		rt := newResourceType(s, r.Name, r.ARNFormats, d.resolveKeys(r.ConditionKeys))
		d.resources = append(d.resources, rt)
		d.resByName[lower(rt.Name)] = rt
	}
	store := make([]Action, len(ref.Actions))
	d.actions = make([]*Action, len(ref.Actions))
	d.byName = make(map[string]*Action, len(ref.Actions))
	for i, ra := range ref.Actions {
		a := &store[i]
		a.setName(s, ra.Name)
		p := ra.Annotations.Properties
		a.Level = referenceLevel(p.IsPermissionManagement, p.IsTaggingOnly, p.IsWrite, p.IsList)
		a.ConditionKeys = d.resolveKeys(ra.ConditionKeys)
		var before *Action
		if prev != nil {
			before, _ = prev.Action(ra.Name)
		}
		for _, r := range ra.Resources {
			ref := ResourceRef{Type: d.resourceType(s, r.Name)}
			if before != nil {
				if b, ok := before.Resource(r.Name); ok {
					ref.Required, ref.DependentActions = b.Required, b.DependentActions
				}
			}
			a.Resources = append(a.Resources, ref)
		}
		if before != nil {
			a.Description, a.DependentActions, a.SESFamilies = before.Description, before.DependentActions, before.SESFamilies
		}
		d.actions[i] = a
		d.byName[a.lowerName] = a
	}
	d.finish()
	s.data = d
	return s, nil
}

// referenceLevel maps the reference format's annotations to an access
// level, the most specific first.
func referenceLevel(permissions, tagging, write, list bool) AccessLevel {
	switch {
	case permissions:
		return AccessPermissionsManagement
	case tagging:
		return AccessTagging
	case write:
		return AccessWrite
	case list:
		return AccessList
	}
	return AccessRead
}
