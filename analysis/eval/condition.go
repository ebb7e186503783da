package eval

import (
	"bytes"
	"encoding/base64"
	"math/big"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Condition operators.
//
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

type family uint8

const (
	famString family = iota
	famNumeric
	famDate
	famBool
	famBinary
	famIP
	famARN
	famNull
)

type setOp uint8

const (
	setNone setOp = iota
	setForAll
	setForAny
)

// operator is a parsed condition operator such as
// "ForAnyValue:StringNotLikeIfExists".
type operator struct {
	name     string
	family   family
	base     string // "StringLike", without qualifier and IfExists
	negated  bool   // StringNotEquals, NotIpAddress...: true when no value matches
	wild     bool   // '*' and '?' in policy values are wildcards
	fold     bool   // ignore case
	compare  int    // for numeric and date: -1 less, 0 equals, 1 greater
	orEqual  bool   // LessThanEquals, GreaterThanEquals
	ifExists bool
	set      setOp
}

// baseOperators lists every operator AWS documents, without IfExists.
var baseOperators = map[string]operator{
	"StringEquals":              {family: famString},
	"StringNotEquals":           {family: famString, negated: true},
	"StringEqualsIgnoreCase":    {family: famString, fold: true},
	"StringNotEqualsIgnoreCase": {family: famString, fold: true, negated: true},
	"StringLike":                {family: famString, wild: true},
	"StringNotLike":             {family: famString, wild: true, negated: true},
	"NumericEquals":             {family: famNumeric},
	"NumericNotEquals":          {family: famNumeric, negated: true},
	"NumericLessThan":           {family: famNumeric, compare: -1},
	"NumericLessThanEquals":     {family: famNumeric, compare: -1, orEqual: true},
	"NumericGreaterThan":        {family: famNumeric, compare: 1},
	"NumericGreaterThanEquals":  {family: famNumeric, compare: 1, orEqual: true},
	"DateEquals":                {family: famDate},
	"DateNotEquals":             {family: famDate, negated: true},
	"DateLessThan":              {family: famDate, compare: -1},
	"DateLessThanEquals":        {family: famDate, compare: -1, orEqual: true},
	"DateGreaterThan":           {family: famDate, compare: 1},
	"DateGreaterThanEquals":     {family: famDate, compare: 1, orEqual: true},
	"Bool":                      {family: famBool},
	"BinaryEquals":              {family: famBinary},
	"IpAddress":                 {family: famIP},
	"NotIpAddress":              {family: famIP, negated: true},
	"ArnEquals":                 {family: famARN, wild: true},
	"ArnLike":                   {family: famARN, wild: true},
	"ArnNotEquals":              {family: famARN, wild: true, negated: true},
	"ArnNotLike":                {family: famARN, wild: true, negated: true},
	"Null":                      {family: famNull},
}

// parseOperator reads an operator name. Operator names are case-sensitive
// in AWS's documentation; we accept only the documented spelling.
func parseOperator(name string) (operator, bool) {
	rest := name
	set := setNone
	switch {
	case strings.HasPrefix(rest, "ForAllValues:"):
		set, rest = setForAll, rest[len("ForAllValues:"):]
	case strings.HasPrefix(rest, "ForAnyValue:"):
		set, rest = setForAny, rest[len("ForAnyValue:"):]
	}
	ifExists := false
	if b, ok := strings.CutSuffix(rest, "IfExists"); ok && rest != "Null" {
		rest, ifExists = b, true
	}
	op, ok := baseOperators[rest]
	if !ok || (op.family == famNull && (ifExists || set != setNone)) {
		return operator{}, false
	}
	op.name, op.base, op.ifExists, op.set = name, rest, ifExists, set
	return op, true
}

// usesVariables reports whether policy variables are substituted in the
// operator's values: AWS documents them for string and ARN operators.
func (op operator) usesVariables() bool {
	return op.family == famString || op.family == famARN
}

// conditionValue is one policy value of a condition, ready to compare.
type conditionValue struct {
	text    string  // as written
	pattern pattern // for string and ARN operators; nil when unresolved
	missing string  // the variable that did not resolve
}

// evalKey evaluates one operator on one key: the request's values of the
// key against the policy's values. It returns whether the condition holds
// and, when it does not, why.
func evalKey(op operator, key string, values []conditionValue, ctx Context) (bool, string) {
	req, present := ctx.Get(key)
	if op.family == famNull {
		absent := !present || len(req) == 0
		for _, v := range values {
			switch strings.ToLower(v.text) {
			case "true":
				if absent {
					return true, ""
				}
			case "false":
				if !absent {
					return true, ""
				}
			}
		}
		if absent {
			return false, key + " is absent"
		}
		return false, key + " is present"
	}
	// One request value passes when it matches a policy value (any of them:
	// several values are ORed), or for a negated operator when it matches
	// none of them.
	//
	// A value whose policy variable did not resolve matches nothing, and it
	// makes a negated operator fail: AWS warns that an unresolved variable
	// may make the whole statement invalid, so it never counts in favour of
	// the statement applying.
	unresolved := ""
	for _, v := range values {
		if v.missing != "" && unresolved == "" {
			unresolved = v.missing
		}
	}
	passes := func(rv string) bool {
		if op.negated {
			return unresolved == "" && !op.matchesAny(rv, values)
		}
		return op.matchesAny(rv, values)
	}
	empty := !present || len(req) == 0
	switch op.set {
	case setForAll:
		// True when the key is missing or its set is empty, "or if the
		// context key value resolves to a null dataset, such as an empty
		// string" (AWS's multivalued context key examples).
		empty = empty || len(req) == 1 && req[0] == ""
		if empty {
			return true, ""
		}
		for _, rv := range req {
			if !passes(rv) {
				return false, "request value " + strconv.Quote(rv) + " of " + key + " does not satisfy " + op.base
			}
		}
		return true, ""
	case setForAny:
		if empty {
			if op.ifExists {
				return true, ""
			}
			return false, key + " is absent"
		}
		for _, rv := range req {
			if passes(rv) {
				return true, ""
			}
		}
		return false, "no request value of " + key + " satisfies " + op.base
	}
	if !present {
		// ...IfExists is true when the key is absent, and so is a negated
		// operator: an absent value equals none of the policy's values.
		if op.ifExists || op.negated {
			return true, ""
		}
		return false, key + " is absent from the request"
	}
	// A single-valued operator on several request values: true when any
	// request value matches (a negated one: when none does).
	any := false
	for _, rv := range req {
		if op.matchesAny(rv, values) {
			any = true
			break
		}
	}
	if op.negated && unresolved != "" {
		return false, "policy variable ${" + unresolved + "} has no value in the request"
	}
	if any != op.negated {
		return true, ""
	}
	return false, "request value " + quoteValues(req) + " of " + key + " does not satisfy " + op.base + " " + quoteConditionValues(values)
}

// matchesAny reports whether the request value rv matches one of the policy
// values under the positive form of op.
func (op operator) matchesAny(rv string, values []conditionValue) bool {
	for _, v := range values {
		if op.matches(rv, v) {
			return true
		}
	}
	return false
}

func (op operator) matches(rv string, v conditionValue) bool {
	switch op.family {
	case famString:
		if v.pattern == nil {
			return false
		}
		return v.pattern.match(rv, op.fold)
	case famARN:
		if v.pattern == nil {
			return false
		}
		return matchARN(v.pattern, rv)
	case famNumeric:
		a, ok1 := parseNumber(rv)
		b, ok2 := parseNumber(v.text)
		if !ok1 || !ok2 {
			return false
		}
		return compareOK(a.Cmp(b), op)
	case famDate:
		a, ok1 := parseDate(rv)
		b, ok2 := parseDate(v.text)
		if !ok1 || !ok2 {
			return false
		}
		return compareOK(a.Compare(b), op)
	case famBool:
		a, ok1 := parseBool(rv)
		b, ok2 := parseBool(v.text)
		return ok1 && ok2 && a == b
	case famBinary:
		a, err1 := base64.StdEncoding.DecodeString(rv)
		b, err2 := base64.StdEncoding.DecodeString(v.text)
		if err1 != nil || err2 != nil {
			return rv == v.text
		}
		return bytes.Equal(a, b)
	case famIP:
		return ipIn(rv, v.text)
	}
	return false
}

func compareOK(c int, op operator) bool {
	if c == 0 {
		return op.compare == 0 || op.orEqual
	}
	return c == op.compare
}

// parseNumber reads an integer or a decimal number exactly.
func parseNumber(s string) (*big.Rat, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || strings.ContainsAny(s, "/") {
		return nil, false
	}
	return r, true
}

// parseDate reads the W3C profile of ISO 8601 that AWS documents, or a
// Unix time in seconds ("epoch time").
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), true
	}
	for _, layout := range []string{
		time.RFC3339Nano,
		"2006-01-02T15:04:05Z0700",
		"2006-01-02T15:04Z07:00",
		"2006-01-02T15:04:05",
		"2006-01-02T15:04",
		"2006-01-02",
		"2006-01",
		"2006",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// ipIn reports whether the address ip lies in the policy's CIDR block (a
// bare address counts as a single-address block).
func ipIn(ip, block string) bool {
	addr, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return false
	}
	block = strings.TrimSpace(block)
	if !strings.Contains(block, "/") {
		b, err := netip.ParseAddr(block)
		return err == nil && b.Unmap() == addr.Unmap()
	}
	prefix, err := netip.ParsePrefix(block)
	if err != nil {
		return false
	}
	return prefix.Masked().Contains(addr.Unmap()) || prefix.Contains(addr)
}

func quoteValues(vals []string) string {
	if len(vals) == 1 {
		return strconv.Quote(vals[0])
	}
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = strconv.Quote(v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func quoteConditionValues(vals []conditionValue) string {
	s := make([]string, len(vals))
	for i, v := range vals {
		s[i] = v.text
	}
	return quoteValues(s)
}
