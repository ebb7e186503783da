package catalog

// ResourceType is one resource type of a service, such as SES's identity.
type ResourceType struct {
	// Name is the type's name as AWS spells it ("identity", "configuration-set").
	Name string
	// ARNFormats are the type's ARN templates, e.g.
	// "arn:${Partition}:ses:${Region}:${Account}:identity/${IdentityName}".
	ARNFormats []string
	// ConditionKeys are the keys that apply to resources of this type.
	ConditionKeys []*ConditionKey

	service *Service
	formats []arnFormat // ARNFormats, parsed
}

// Service returns the service that defines the type.
func (rt *ResourceType) Service() *Service { return rt.service }

// MatchesARN reports whether a policy Resource value (which may hold '*',
// '?' and ${...} policy variables) could name a resource of this type. To
// test one value against many types, parse it once with ParseARNPattern
// and call Matches.
func (rt *ResourceType) MatchesARN(arn string) bool {
	return rt.Matches(ParseARNPattern(arn))
}

// Matches reports whether the parsed policy Resource value could name a
// resource of this type.
func (rt *ResourceType) Matches(p ARNPattern) bool {
	for i := range rt.formats {
		if rt.formats[i].matches(&p) {
			return true
		}
	}
	return false
}

// newResourceType builds a resource type and parses its ARN formats.
func newResourceType(s *Service, name string, formats []string, keys []*ConditionKey) *ResourceType {
	rt := &ResourceType{Name: name, ARNFormats: formats, ConditionKeys: keys, service: s}
	rt.formats = make([]arnFormat, len(formats))
	for i, f := range formats {
		rt.formats[i] = parseARNFormat(f)
	}
	return rt
}
