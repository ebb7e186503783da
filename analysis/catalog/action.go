package catalog

import "strings"

// Action is one IAM action, such as ses:SendEmail.
type Action struct {
	// Name is the action name as AWS spells it, without the prefix ("SendEmail").
	Name string
	// Level is the access level AWS assigns to the action.
	Level AccessLevel
	// Resources are the resource types a statement may name for this
	// action. Empty means the action takes no resource-level permissions:
	// the statement must use Resource "*".
	Resources []ResourceRef
	// ConditionKeys are the action-level condition keys. Keys tied to a
	// resource type are in Resources and on the type; ConditionKey and
	// AllConditionKeys look at all of them.
	ConditionKeys []*ConditionKey
	// DependentActions are other actions ("iam:PassRole") a caller also
	// needs for this one to succeed.
	DependentActions []string
	// Description is our one-line description, or "" where we have none
	// (we write them for SES, STS and Pinpoint's email actions).
	Description string
	// SESFamilies are the SES APIs whose reference pages list the action;
	// set for ses: actions only.
	SESFamilies []SESFamily

	service   *Service
	full      string // "ses:SendEmail"; Name is a suffix of it
	lowerName string
}

// setName sets the action's service and names from its AWS spelling.
func (a *Action) setName(s *Service, name string) {
	a.service = s
	a.full = s.Prefix + ":" + name
	a.Name = a.full[len(s.Prefix)+1:]
	a.lowerName = lower(a.Name)
}

// Service returns the service the action belongs to.
func (a *Action) Service() *Service { return a.service }

// FullName returns "prefix:Name", e.g. "ses:SendEmail".
func (a *Action) FullName() string { return a.full }

// ReferenceURL is the AWS reference page that documents the action: for
// ses: actions the SES v2 page when it lists the action, else the page of
// its other SES API family; for other actions the service's page.
func (a *Action) ReferenceURL() string {
	if n := len(a.SESFamilies); n > 0 {
		for _, f := range a.SESFamilies {
			if f == SESv2 {
				return f.ReferenceURL()
			}
		}
		return a.SESFamilies[n-1].ReferenceURL()
	}
	return a.service.ReferenceURL()
}

// ResourceLevel reports whether the action supports resource-level
// permissions, that is whether a statement may name specific ARNs for it.
func (a *Action) ResourceLevel() bool { return len(a.Resources) > 0 }

// Resource returns the action's reference to the named resource type,
// ignoring case.
func (a *Action) Resource(name string) (ResourceRef, bool) {
	for _, r := range a.Resources {
		if equalFold(r.Type.Name, name) {
			return r, true
		}
	}
	return ResourceRef{}, false
}

// ResourcesForARN returns the action's resource references whose type a
// policy Resource value could match. An empty result for an action with
// resource-level permissions means the ARN names nothing the action acts on.
//
// The answer is remembered (see memo); callers must not modify it. Actions
// built outside a catalog (tests) are answered afresh each time.
func (a *Action) ResourcesForARN(arn string) []ResourceRef {
	if a.service == nil || a.service.catalog == nil {
		return a.resourcesForARN(arn)
	}
	return a.service.catalog.refsForARN.get(a, arn, func() []ResourceRef { return a.resourcesForARN(arn) })
}

func (a *Action) resourcesForARN(arn string) []ResourceRef {
	p := ParseARNPattern(arn)
	var out []ResourceRef
	for _, r := range a.Resources {
		if r.Type.Matches(p) {
			out = append(out, r)
		}
	}
	return out
}

// ConditionKey finds a condition key the action supports, either at the
// action level or through one of its resource types, by a concrete or
// templated name ignoring case. AWS-wide keys (aws:SourceIp, ...) apply to
// every action and are not listed here; see Catalog.GlobalConditionKey.
func (a *Action) ConditionKey(name string) (*ConditionKey, bool) {
	for _, k := range a.ConditionKeys {
		if k.Matches(name) {
			return k, true
		}
	}
	for _, r := range a.Resources {
		for _, k := range r.ConditionKeys {
			if k.Matches(name) {
				return k, true
			}
		}
		for _, k := range r.Type.ConditionKeys {
			if k.Matches(name) {
				return k, true
			}
		}
	}
	return nil, false
}

// AllConditionKeys returns every key ConditionKey would accept: the
// action's own keys, then those of its resource types, without repeats.
func (a *Action) AllConditionKeys() []*ConditionKey {
	out := append([]*ConditionKey(nil), a.ConditionKeys...)
	seen := make(map[*ConditionKey]bool, len(out))
	for _, k := range out {
		seen[k] = true
	}
	add := func(keys []*ConditionKey) {
		for _, k := range keys {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	for _, r := range a.Resources {
		add(r.ConditionKeys)
		add(r.Type.ConditionKeys)
	}
	return out
}

// ResourceRef is an action's use of a resource type.
type ResourceRef struct {
	// Type is the resource type; never nil.
	Type *ResourceType
	// Required marks types AWS flags with an asterisk: when a statement
	// lists ARNs for the action, one of them must be of this type.
	Required bool
	// ConditionKeys are keys that apply when the action acts on this type.
	ConditionKeys []*ConditionKey
	// DependentActions are actions also needed when acting on this type.
	DependentActions []string
}

// AccessLevel is the access level AWS assigns to an action.
type AccessLevel uint8

// The access levels, in AWS's order. The dataset marks tagging and
// permissions-management actions as writes too; those keep the more
// specific level here.
const (
	AccessUnknown AccessLevel = iota
	AccessList
	AccessRead
	AccessWrite
	AccessTagging
	AccessPermissionsManagement
)

var accessLevelNames = [...]string{"", "List", "Read", "Write", "Tagging", "Permissions management"}

// String returns the level as AWS writes it ("Permissions management").
func (l AccessLevel) String() string {
	if int(l) < len(accessLevelNames) {
		return accessLevelNames[l]
	}
	return ""
}

// parseAccessLevel reads the dataset's level, which may list several
// ("Tagging, Write"); the first is the most specific.
func parseAccessLevel(s string) AccessLevel {
	first, _, _ := strings.Cut(s, ",")
	for i, n := range accessLevelNames {
		if i > 0 && strings.EqualFold(strings.TrimSpace(first), n) {
			return AccessLevel(i)
		}
	}
	return AccessUnknown
}
