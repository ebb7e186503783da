package catalog

import (
	"fmt"
	"sync"
)

// referenceBase is where AWS's Service Authorization Reference pages live;
// a page's address is referenceBase + slug + ".html".
const referenceBase = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_"

// Service is one AWS service (one IAM prefix). Its name and prefix are
// known from the index; its actions, resource types and condition keys
// are decoded on first use.
type Service struct {
	// Prefix is the IAM service prefix, lowercase ("ses", "mobiletargeting").
	Prefix string
	// Name is the service's title ("Amazon SES", "AWS Security Token Service").
	Name string

	slug    string // reference page name; see ReferenceURL
	file    string // embedded data file; empty for overlay services
	catalog *Catalog

	once sync.Once
	data *serviceData
}

// serviceData is the decoded part of a service.
type serviceData struct {
	actions   []*Action          // sorted by lowercase name
	byName    map[string]*Action // by lowercase name
	exactName map[string]*Action // by AWS's spelling
	resources []*ResourceType
	resByName map[string]*ResourceType
	keys      keyTable
}

// ReferenceURL is the service's page in AWS's Service Authorization
// Reference. The dataset holds no address: it is derived from the
// service's title the way AWS names its pages, which holds for nearly
// every service.
func (s *Service) ReferenceURL() string {
	if s.slug == "" {
		return ""
	}
	return referenceBase + s.slug + ".html"
}

// Actions returns the service's actions sorted by name (ignoring case).
func (s *Service) Actions() []*Action { return s.load().actions }

// Action returns the action with the given name, without the prefix and
// ignoring case ("SendEmail", "sendemail").
func (s *Service) Action(name string) (*Action, bool) {
	d := s.load()
	if a, ok := d.exactName[name]; ok {
		return a, true
	}
	return getFold(d.byName, name)
}

// SuggestActions returns up to n action names of this service close to an
// unknown one, best first.
func (s *Service) SuggestActions(name string, n int) []string {
	d := s.load()
	names := make([]string, len(d.actions))
	for i, a := range d.actions {
		names[i] = a.Name
	}
	return suggest(name, names, n)
}

// ResourceTypes returns the service's resource types in name order.
func (s *Service) ResourceTypes() []*ResourceType { return s.load().resources }

// ResourceType returns the resource type with the given name, ignoring case.
func (s *Service) ResourceType(name string) (*ResourceType, bool) {
	return getFold(s.load().resByName, name)
}

// ResourceTypesForARN returns the service's resource types whose ARN
// format a policy Resource value could match (see ParseARNPattern).
// The answer is remembered (see memo); callers must not modify it.
func (s *Service) ResourceTypesForARN(arn string) []*ResourceType {
	if s.catalog == nil {
		return s.resourceTypesForARN(arn)
	}
	return s.catalog.typesForARN.get(s, arn, func() []*ResourceType { return s.resourceTypesForARN(arn) })
}

func (s *Service) resourceTypesForARN(arn string) []*ResourceType {
	p := ParseARNPattern(arn)
	var out []*ResourceType
	for _, rt := range s.load().resources {
		if rt.Matches(p) {
			out = append(out, rt)
		}
	}
	return out
}

// ConditionKeys returns the condition keys the service lists, including
// the AWS-wide tag keys it supports, sorted by name.
func (s *Service) ConditionKeys() []*ConditionKey { return s.load().keys.list }

// ConditionKey finds one of the service's condition keys by a concrete or
// templated name, ignoring case: "aws:RequestTag/team" finds
// "aws:RequestTag/${TagKey}".
func (s *Service) ConditionKey(name string) (*ConditionKey, bool) {
	return s.load().keys.find(name)
}

// load decodes the service once. The data is generated and embedded, so a
// decoding failure is a broken build: it panics with the reason.
func (s *Service) load() *serviceData {
	s.once.Do(func() {
		if s.data != nil {
			return // an overlay service, decoded when it was loaded
		}
		s.catalog.decoded.Add(1)
		raw, err := readEmbedded(s.file)
		if err == nil {
			s.data, err = decodeService(s, raw)
		}
		if err != nil {
			panic(fmt.Sprintf("catalog: service %s: %v", s.Prefix, err))
		}
	})
	return s.data
}
