package catalog

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/buger/jsonparser"
)

// decodeService reads one generated service file (see gen/model.go for the
// field names): "k" condition keys, "r" resource types, "a" actions. The
// file is known-valid JSON written by our generator, so jsonparser walks it
// in place; strings are copied once and shared (interned) within the
// service, since the same key names recur on hundreds of actions.
func decodeService(s *Service, raw []byte) (*serviceData, error) {
	d := &serviceData{resByName: map[string]*ResourceType{}}
	dec := &decoder{strs: map[string]string{}}

	// The generator writes "k", "r" and "a" in that order, which is the
	// order they depend on each other; reading them by name keeps that
	// from mattering.
	if v, _, _, err := jsonparser.Get(raw, "k"); err == nil {
		dec.each(v, func(obj []byte) { d.keys.add(dec.key(obj)) })
	} else if err != jsonparser.KeyPathNotFoundError {
		return nil, err
	}
	if v, _, _, err := jsonparser.Get(raw, "r"); err == nil {
		dec.each(v, func(obj []byte) {
			rt := dec.resourceType(s, d, obj)
			d.resources = append(d.resources, rt)
			d.resByName[lower(rt.Name)] = rt
		})
	} else if err != jsonparser.KeyPathNotFoundError {
		return nil, err
	}
	v, _, _, err := jsonparser.Get(raw, "a")
	if err != nil {
		return nil, fmt.Errorf("no actions: %w", err)
	}
	store := make([]Action, 0, jsonCount(v))
	dec.each(v, func(obj []byte) {
		store = append(store, Action{})
		dec.action(s, d, obj, &store[len(store)-1])
	})
	if dec.err != nil {
		return nil, dec.err
	}
	d.actions = make([]*Action, len(store))
	d.byName = make(map[string]*Action, len(store))
	for i := range store {
		a := &store[i]
		d.actions[i] = a
		d.byName[a.lowerName] = a
	}
	d.finish()
	return d, nil
}

// key decodes one condition key: {"n", "t", "m", "s"}.
func (dec *decoder) key(obj []byte) *ConditionKey {
	var name, typ, desc string
	var multi bool
	dec.fields(obj, func(k, v []byte) {
		switch string(k) {
		case "n":
			name = dec.intern(v)
		case "t":
			typ = dec.intern(v)
		case "m":
			multi = string(v) == "true"
		case "s":
			desc = unescape(v, dec)
		}
	})
	key := newConditionKey(name, KeyType(typ), multi)
	key.Description = desc
	return key
}

// resourceType decodes one resource type: {"n", "f", "k"}.
func (dec *decoder) resourceType(s *Service, d *serviceData, obj []byte) *ResourceType {
	var name string
	var formats, keys []string
	dec.fields(obj, func(k, v []byte) {
		switch string(k) {
		case "n":
			name = dec.intern(v)
		case "f":
			formats = dec.list(v)
		case "k":
			keys = dec.list(v)
		}
	})
	return newResourceType(s, name, formats, d.resolveKeys(keys))
}

// action decodes one action into a: {"n", "l", "r", "k", "d", "f", "s"}.
func (dec *decoder) action(s *Service, d *serviceData, obj []byte, a *Action) {
	a.service = s
	dec.fields(obj, func(k, v []byte) {
		switch string(k) {
		case "n":
			a.setName(s, unescape(v, dec))
		case "l":
			a.Level = parseAccessLevel(dec.intern(v))
		case "k":
			a.ConditionKeys = d.resolveKeys(dec.list(v))
		case "d":
			a.DependentActions = dec.list(v)
		case "s":
			a.Description = unescape(v, dec)
		case "f":
			for _, f := range dec.list(v) {
				a.SESFamilies = append(a.SESFamilies, SESFamily(f))
			}
		case "r":
			dec.each(v, func(ro []byte) {
				a.Resources = append(a.Resources, dec.resourceRef(s, d, ro))
			})
		}
	})
}

// resourceRef decodes an action's use of a resource type: {"n", "q", "k", "d"}.
func (dec *decoder) resourceRef(s *Service, d *serviceData, obj []byte) ResourceRef {
	var r ResourceRef
	dec.fields(obj, func(k, v []byte) {
		switch string(k) {
		case "n":
			r.Type = d.resourceType(s, dec.intern(v))
		case "q":
			r.Required = string(v) == "true"
		case "k":
			r.ConditionKeys = d.resolveKeys(dec.list(v))
		case "d":
			r.DependentActions = dec.list(v)
		}
	})
	return r
}

// resolveKeys turns key names into the service's key objects. A name the
// service does not list (possible in overlays) gets a key of unknown type.
func (d *serviceData) resolveKeys(names []string) []*ConditionKey {
	if len(names) == 0 {
		return nil
	}
	out := make([]*ConditionKey, len(names))
	for i, n := range names {
		k, ok := getFold(d.keys.byName, n)
		if !ok {
			k = newConditionKey(n, "", false)
			d.keys.add(k)
		}
		out[i] = k
	}
	return out
}

// resourceType returns the named type, adding a type without ARN formats
// when the service does not define it (possible in overlays).
func (d *serviceData) resourceType(s *Service, name string) *ResourceType {
	if rt, ok := d.resByName[lower(name)]; ok {
		return rt
	}
	rt := newResourceType(s, name, nil, nil)
	d.resources = append(d.resources, rt)
	d.resByName[lower(name)] = rt
	return rt
}

// finish sorts the lists callers see.
func (d *serviceData) finish() {
	sort.SliceStable(d.actions, func(i, j int) bool { return d.actions[i].lowerName < d.actions[j].lowerName })
	sort.SliceStable(d.resources, func(i, j int) bool { return lower(d.resources[i].Name) < lower(d.resources[j].Name) })
	keys := d.keys.list
	sort.SliceStable(keys, func(i, j int) bool { return lower(keys[i].Name) < lower(keys[j].Name) })
	// Policies nearly always spell actions as AWS does: index that
	// spelling too, so most lookups are one map access without folding.
	d.exactName = make(map[string]*Action, len(d.actions))
	for _, a := range d.actions {
		d.exactName[a.Name] = a
	}
}

// decoder reads fields of generated JSON objects, keeping the first error.
type decoder struct {
	strs map[string]string
	err  error
}

func (dec *decoder) fail(err error) {
	if err != nil && dec.err == nil {
		dec.err = err
	}
}

// each calls fn for every element of a JSON array.
func (dec *decoder) each(arr []byte, fn func(obj []byte)) {
	_, err := jsonparser.ArrayEach(arr, func(v []byte, _ jsonparser.ValueType, _ int, err error) {
		dec.fail(err)
		fn(v)
	})
	dec.fail(err)
}

// fields calls fn for every member of a JSON object, in one pass. String
// values come without their quotes, still escaped.
func (dec *decoder) fields(obj []byte, fn func(key, value []byte)) {
	dec.fail(jsonparser.ObjectEach(obj, func(k, v []byte, _ jsonparser.ValueType, _ int) error {
		fn(k, v)
		return nil
	}))
}

// list decodes an array of strings, each interned.
func (dec *decoder) list(arr []byte) []string {
	var out []string
	_, err := jsonparser.ArrayEach(arr, func(s []byte, _ jsonparser.ValueType, _ int, err error) {
		dec.fail(err)
		out = append(out, dec.intern(s))
	})
	dec.fail(err)
	return out
}

// intern returns a shared copy of b (unescaped).
func (dec *decoder) intern(b []byte) string {
	if s, ok := dec.strs[string(b)]; ok {
		return s
	}
	s := unescape(b, dec)
	dec.strs[string(b)] = s
	return s
}

// unescape turns raw JSON string bytes into a Go string.
func unescape(b []byte, dec *decoder) string {
	if bytes.IndexByte(b, '\\') < 0 {
		return string(b)
	}
	s, err := jsonparser.ParseString(b)
	dec.fail(err)
	return s
}

// jsonCount counts the elements of a JSON array (its commas at depth one,
// outside strings, plus one), to size slices exactly.
func jsonCount(arr []byte) int {
	t := bytes.TrimSpace(arr)
	if len(t) < 2 || len(bytes.TrimSpace(t[1:len(t)-1])) == 0 {
		return 0
	}
	n, depth, inString := 1, 0, false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == ',' && depth == 1:
			n++
		}
	}
	return n
}
