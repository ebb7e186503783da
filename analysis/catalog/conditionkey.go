package catalog

import "strings"

// ConditionKey is one condition key, global (aws:SourceIp) or defined by a
// service (ses:FromAddress). Names may be templates: aws:RequestTag/${TagKey}
// stands for aws:RequestTag/team and every other tag key.
type ConditionKey struct {
	// Name is the key as AWS spells it, templates included.
	Name string
	// Type is the key's value type (String, ArrayOfString, ARN, ...).
	Type KeyType
	// MultiValued reports a key whose request value is a set (ArrayOf...
	// types and a few others): it needs ForAllValues:/ForAnyValue:.
	MultiValued bool
	// Global marks AWS-wide keys, usable with any action.
	Global bool
	// Category groups global keys: principal, role-session, network,
	// resource or request. Empty for service keys.
	Category string
	// Description is our one-line description, or "" where we have none
	// (we write them for SES, STS, IAM and global keys).
	Description string

	pieces []string // literal parts around ${...} (or <key>, tag-key); nil for plain names
}

// newConditionKey builds a key and prepares its template, if any.
func newConditionKey(name string, t KeyType, multi bool) *ConditionKey {
	k := &ConditionKey{Name: name, Type: t, MultiValued: multi}
	k.pieces = templatePieces(name)
	return k
}

// Templated reports whether the name holds a placeholder: ${...}, or a
// tag key written <key>, tag-key or left empty (see otherTemplatePieces).
func (k *ConditionKey) Templated() bool { return k.pieces != nil }

// Prefix returns the part of the name before the colon ("aws", "ses").
func (k *ConditionKey) Prefix() string {
	p, _, _ := cutColon(k.Name)
	return p
}

// Matches reports whether name is this key, ignoring case as AWS does.
// A template matches its own spelling and every concrete name that fills
// each placeholder with at least one character.
func (k *ConditionKey) Matches(name string) bool {
	if equalFold(k.Name, name) {
		return true
	}
	if k.pieces == nil {
		return false
	}
	return matchPieces(k.pieces, name)
}

// keyTable is a set of condition keys looked up by concrete or templated
// name, ignoring case.
type keyTable struct {
	list      []*ConditionKey
	byName    map[string]*ConditionKey // lowercase name
	templates []*ConditionKey
}

func (t *keyTable) add(k *ConditionKey) {
	if t.byName == nil {
		t.byName = map[string]*ConditionKey{}
	}
	t.list = append(t.list, k)
	t.byName[lower(k.Name)] = k
	if k.Templated() {
		t.templates = append(t.templates, k)
	}
}

// find returns the key named name: an exact match first, then the first
// template that matches.
func (t *keyTable) find(name string) (*ConditionKey, bool) {
	if k, ok := getFold(t.byName, name); ok {
		return k, true
	}
	for _, k := range t.templates {
		if k.Matches(name) {
			return k, true
		}
	}
	return nil, false
}

// templatePieces splits a templated name into the literal text around its
// placeholders: "aws:RequestTag/${TagKey}" gives ["aws:RequestTag/", ""].
func templatePieces(name string) []string {
	if !strings.Contains(name, "${") {
		return otherTemplatePieces(name)
	}
	var pieces []string
	rest := name
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			break
		}
		end := strings.IndexByte(rest[i:], '}')
		if end < 0 {
			break
		}
		pieces = append(pieces, rest[:i])
		rest = rest[i+end+1:]
	}
	if pieces == nil {
		return nil
	}
	return append(pieces, rest)
}

// otherTemplatePieces reads the tag-key placeholders the Service
// Authorization Reference writes for some services instead of ${TagKey}:
// "<key>" (s3:ExistingObjectTag/<key>), a last segment "tag-key"
// (secretsmanager:ResourceTag/tag-key) or nothing after the slash
// (glacier:ResourceTag/). nil when name has none.
func otherTemplatePieces(name string) []string {
	if i := strings.Index(name, "<"); i >= 0 {
		if end := strings.IndexByte(name[i:], '>'); end > 0 {
			return []string{name[:i], name[i+end+1:]}
		}
	}
	if base, ok := strings.CutSuffix(name, "/tag-key"); ok {
		return []string{base + "/", ""}
	}
	if strings.HasSuffix(name, "/") {
		return []string{name, ""}
	}
	return nil
}

// matchPieces matches s against literal pieces separated by non-empty
// runs of any characters, ignoring case. Placing each middle piece at its
// earliest possible position is optimal, so no backtracking is needed.
func matchPieces(pieces []string, s string) bool {
	first, last := pieces[0], pieces[len(pieces)-1]
	if !hasPrefixFold(s, first) {
		return false
	}
	pos := len(first)
	for _, p := range pieces[1 : len(pieces)-1] {
		i := indexFold(s, p, pos+1)
		if i < 0 {
			return false
		}
		pos = i + len(p)
	}
	// The last placeholder needs a character, then the tail must end s.
	return len(s)-len(last) >= pos+1 && equalFold(s[len(s)-len(last):], last)
}

// KeyType is a condition key's value type as AWS names it.
type KeyType string

// The key types found in AWS's reference data.
const (
	TypeString           KeyType = "String"
	TypeArrayOfString    KeyType = "ArrayOfString"
	TypeARN              KeyType = "ARN"
	TypeArrayOfARN       KeyType = "ArrayOfARN"
	TypeNumeric          KeyType = "Numeric"
	TypeArrayOfNumeric   KeyType = "ArrayOfNumeric"
	TypeDate             KeyType = "Date"
	TypeArrayOfDate      KeyType = "ArrayOfDate"
	TypeBool             KeyType = "Bool"
	TypeArrayOfBool      KeyType = "ArrayOfBool"
	TypeIPAddress        KeyType = "IPAddress"
	TypeArrayOfIPAddress KeyType = "ArrayOfIPAddress"
	TypeBinary           KeyType = "Binary"
)

// IsArray reports an ArrayOf... type.
func (t KeyType) IsArray() bool { return strings.HasPrefix(string(t), "ArrayOf") }

// Element returns the type of one value: String for ArrayOfString, the
// type itself for scalar types.
func (t KeyType) Element() KeyType {
	return KeyType(strings.TrimPrefix(string(t), "ArrayOf"))
}
