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

	if v, _, _, err := jsonparser.Get(raw, "k"); err == nil {
		dec.each(v, func(obj []byte) {
			name := dec.str(obj, "n")
			k := newConditionKey(name, KeyType(dec.str(obj, "t")), dec.flag(obj, "m"))
			k.Description = dec.text(obj, "s")
			d.keys.add(k)
		})
	} else if err != jsonparser.KeyPathNotFoundError {
		return nil, err
	}

	if v, _, _, err := jsonparser.Get(raw, "r"); err == nil {
		dec.each(v, func(obj []byte) {
			rt := newResourceType(s, dec.str(obj, "n"), dec.strList(obj, "f"), d.resolveKeys(dec.strList(obj, "k")))
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
		a := &store[len(store)-1]
		a.service = s
		a.full = s.Prefix + ":" + dec.text(obj, "n")
		a.Name = a.full[len(s.Prefix)+1:]
		a.lowerName = lower(a.Name)
		a.Level = parseAccessLevel(dec.str(obj, "l"))
		a.ConditionKeys = d.resolveKeys(dec.strList(obj, "k"))
		a.DependentActions = dec.strList(obj, "d")
		a.Description = dec.text(obj, "s")
		for _, f := range dec.strList(obj, "f") {
			a.SESFamilies = append(a.SESFamilies, SESFamily(f))
		}
		if rv, _, _, err := jsonparser.Get(obj, "r"); err == nil {
			dec.each(rv, func(ro []byte) {
				a.Resources = append(a.Resources, ResourceRef{
					Type:             d.resourceType(s, dec.str(ro, "n")),
					Required:         dec.flag(ro, "q"),
					ConditionKeys:    d.resolveKeys(dec.strList(ro, "k")),
					DependentActions: dec.strList(ro, "d"),
				})
			})
		}
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

// str returns a short string field, interned. Missing fields give "".
func (dec *decoder) str(obj []byte, key string) string {
	v, t, _, err := jsonparser.Get(obj, key)
	if err != nil || t != jsonparser.String {
		return ""
	}
	return dec.intern(v)
}

// text returns a string field that is usually unique (names,
// descriptions), unescaping it when needed.
func (dec *decoder) text(obj []byte, key string) string {
	v, t, _, err := jsonparser.Get(obj, key)
	if err != nil || t != jsonparser.String {
		return ""
	}
	return unescape(v, dec)
}

// strs2 returns an array-of-strings field, each string interned.
func (dec *decoder) strList(obj []byte, key string) []string {
	v, t, _, err := jsonparser.Get(obj, key)
	if err != nil || t != jsonparser.Array {
		return nil
	}
	out := make([]string, 0, jsonCount(v))
	_, err = jsonparser.ArrayEach(v, func(s []byte, _ jsonparser.ValueType, _ int, err error) {
		dec.fail(err)
		out = append(out, dec.intern(s))
	})
	dec.fail(err)
	return out
}

// flag returns a boolean field; missing means false.
func (dec *decoder) flag(obj []byte, key string) bool {
	b, err := jsonparser.GetBoolean(obj, key)
	return err == nil && b
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
