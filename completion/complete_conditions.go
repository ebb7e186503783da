package completion

import (
	"cmp"
	"strconv"
	"strings"
	"sync"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/policy"
)

// Condition blocks: operators as the keys of Condition, condition keys as
// the keys of an operator's object, and a few values that can be known
// (true/false, accounts, regions, service principals, Pinpoint app ARNs).

// operators proposes every condition operator not yet in the block: the
// base operators in AWS's order, then their IfExists forms, then the
// ForAllValues:/ForAnyValue: forms.
func (b *builder) operators() {
	names := b.cat.OperatorNames()
	for pass := range 3 {
		for _, name := range names {
			qualified := strings.Contains(name, ":")
			ifExists := strings.HasSuffix(name, "IfExists")
			if qualified != (pass == 2) || !qualified && ifExists != (pass == 1) || b.present(name) {
				continue
			}
			use, ok := b.cat.ParseOperator(name)
			if !ok {
				continue
			}
			value := `"$2"`
			if f := use.Base.Family; f == catalog.FamilyNull || f == catalog.FamilyBool {
				value = `"${2:true}"`
			}
			b.addMember(name, KindOperator, use.Base.Description, operatorDoc(use), name, `{"$1": `+value+`}`)
		}
	}
}

// conditionKeys proposes the condition keys for an operator's object: in
// an SES identity policy the keys it accepts; elsewhere the keys the
// principal calls for, the keys of the statement's actions and resource
// types, then the AWS-wide keys. Keys whose type fits the operator come
// first.
func (b *builder) conditionKeys() {
	use, opKnown := b.cat.ParseOperator(b.c.Operator)
	keys := make([]*catalog.ConditionKey, 0, 96)
	var seen map[*catalog.ConditionKey]bool // nil while the list has no repeats
	add := func(k *catalog.ConditionKey) {
		if k != nil && !seen[k] {
			if seen != nil {
				seen[k] = true
			}
			keys = append(keys, k)
		}
	}
	lookup := func(name string) *catalog.ConditionKey {
		k, _ := b.cat.ConditionKey(name)
		return k
	}
	if b.c.Kind == policy.KindSESIdentity {
		for _, name := range b.cat.SESIdentityPolicyConditionKeys() {
			add(lookup(name))
		}
	} else {
		seen = make(map[*catalog.ConditionKey]bool, 128)
		ps := principalsOf(b.c.Statement)
		if len(ps.Service) > 0 {
			for _, name := range [...]string{"aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID"} {
				add(lookup(name))
			}
		}
		for _, p := range ps.Providers {
			for _, claim := range [...]string{":aud", ":sub", ":amr"} {
				add(lookup(p + claim))
			}
		}
		b.eachStatementAction(func(a *catalog.Action) {
			for _, k := range a.AllConditionKeys() {
				if providerKey(k) && !namesProvider(ps.Providers, k) {
					continue // another identity provider's claims
				}
				add(k)
			}
		})
		for _, k := range b.cat.GlobalConditionKeys() {
			add(k)
		}
	}
	for _, pass := range [...]bool{true, false} {
		for _, k := range keys {
			if fitsOperator(k, use, opKnown) == pass && !b.present(k.Name) {
				b.addConditionKey(k)
			}
		}
	}
}

// providerKey reports a key that names an identity provider's claim
// (accounts.google.com:aud, token.actions.githubusercontent.com:sub).
func providerKey(k *catalog.ConditionKey) bool {
	return strings.Contains(k.Prefix(), ".")
}

// namesProvider reports whether the key belongs to one of the providers.
func namesProvider(providers []string, k *catalog.ConditionKey) bool {
	for _, p := range providers {
		if strings.EqualFold(k.Prefix(), p) {
			return true
		}
	}
	return false
}

// fitsOperator reports whether the operator can compare the key's values.
func fitsOperator(k *catalog.ConditionKey, use catalog.OperatorUse, known bool) bool {
	if !known || use.Base.Family == catalog.FamilyNull {
		return true
	}
	for _, f := range familiesOf(k.Type) {
		if f == use.Base.Family {
			return true
		}
	}
	return false
}

// keyTypes are the key types AWS uses.
var keyTypes = []catalog.KeyType{
	catalog.TypeString, catalog.TypeArrayOfString, catalog.TypeARN, catalog.TypeArrayOfARN,
	catalog.TypeNumeric, catalog.TypeArrayOfNumeric, catalog.TypeDate, catalog.TypeArrayOfDate,
	catalog.TypeBool, catalog.TypeArrayOfBool, catalog.TypeIPAddress, catalog.TypeArrayOfIPAddress,
	catalog.TypeBinary,
}

// families holds the operator families of each key type, worked out once.
var families = sync.OnceValue(func() map[catalog.KeyType][]catalog.OperatorFamily {
	m := make(map[catalog.KeyType][]catalog.OperatorFamily, len(keyTypes))
	for _, t := range keyTypes {
		m[t] = t.OperatorFamilies()
	}
	return m
})

// familiesOf returns the operator families that can compare a key type.
func familiesOf(t catalog.KeyType) []catalog.OperatorFamily {
	if f, ok := families()[t]; ok {
		return f
	}
	return t.OperatorFamilies()
}

// addConditionKey proposes a key with a value skeleton: a list for
// multi-valued keys, "true" for Bool keys, and a placeholder for the tag
// key (or other name part) of a templated key.
func (b *builder) addConditionKey(k *catalog.ConditionKey) {
	name, next := k.Name, 1
	if k.Templated() {
		name, next = placeholders(k.Name, 1, nil)
	}
	var value string
	switch n := strconv.Itoa(next); {
	case k.MultiValued:
		value = `["$` + n + `"]`
	case k.Type == catalog.TypeBool:
		value = `"${` + n + `:true}"`
	default:
		value = `"$` + n + `"`
	}
	detail := string(k.Type)
	if k.MultiValued {
		detail += ", multi-valued"
	}
	b.addMember(k.Name, KindKey, detail, conditionKeySummary(b.cat, k), name, value)
}

// conditionKeySummary is the short Markdown beside a condition key item.
func conditionKeySummary(cat *catalog.Catalog, k *catalog.ConditionKey) string {
	if s, ok := summaries.Load(k); ok {
		return s.(string)
	}
	s := writeConditionKeySummary(cat, k)
	summaries.Store(k, s)
	return s
}

func writeConditionKeySummary(cat *catalog.Catalog, k *catalog.ConditionKey) string {
	var sb strings.Builder
	sb.Grow(len(k.Description) + 80)
	if k.Description != "" {
		sb.WriteString(k.Description)
		sb.WriteString("\n\n")
	}
	sb.WriteString("Type ")
	sb.WriteString(string(k.Type))
	if k.MultiValued {
		sb.WriteString(", multi-valued: use `ForAllValues:` or `ForAnyValue:`")
	}
	sb.WriteString(". ")
	if k.Global || k.Prefix() == "aws" {
		sb.WriteString("AWS-wide key.")
	} else {
		sb.WriteString("Key of ")
		if svc := keyService(cat, k); svc != nil {
			sb.WriteString(svc.Name)
		} else {
			sb.WriteString(code(k.Prefix()))
		}
		sb.WriteByte('.')
	}
	return sb.String()
}

// keyService returns the service a key's prefix names, or nil.
func keyService(cat *catalog.Catalog, k *catalog.ConditionKey) *catalog.Service {
	if svc, ok := cat.Service(k.Prefix()); ok {
		return svc
	}
	return nil
}

// conditionValues proposes values for a condition key where they can be
// known.
func (b *builder) conditionValues() {
	c := b.c
	use, opKnown := b.cat.ParseOperator(c.Operator)
	key, keyKnown := b.cat.ConditionKey(c.Element)
	name := c.Element
	switch {
	case opKnown && use.Base.Family == catalog.FamilyNull:
		b.addString("true", KindValue, "the key is absent", "", "true", false)
		b.addString("false", KindValue, "the key is present", "", "false", false)
	case keyKnown && key.Type.Element() == catalog.TypeBool || opKnown && use.Base.Family == catalog.FamilyBool:
		b.addString("true", KindValue, "", "", "true", false)
		b.addString("false", KindValue, "", "", "false", false)
	case strings.HasSuffix(strings.ToLower(name), "account"):
		b.accountValues()
	case strings.HasSuffix(strings.ToLower(name), "region"):
		b.regionValues()
	case strings.Contains(strings.ToLower(name), "calledvia") || strings.EqualFold(name, "iam:PassedToService") || strings.EqualFold(name, "aws:PrincipalServiceName"):
		b.servicePrincipals()
	case strings.EqualFold(name, "aws:SourceArn") && principalsOf(c.Statement).hasService(b.cat.PinpointServicePrincipal()):
		for _, format := range [...]string{"arn:${Partition}:mobiletargeting:${Region}:${Account}:apps/${AppId}", "arn:${Partition}:mobiletargeting:${Region}:${Account}:apps/*"} {
			snippet, _ := placeholders(format, 1, b.arnFill)
			b.addString(filled(format, b.arnFill), KindReference, "Amazon Pinpoint project", "The Pinpoint project (app) that may use the role; `apps/*` allows every project of the account.", snippet, true)
		}
	}
}

// accountValues proposes the account from the settings and the accounts
// the policy names.
func (b *builder) accountValues() {
	if a := b.opts.AccountID; a != "" && !b.listed(a) {
		b.addString(a, KindValue, "account from settings", "", a, false)
	}
	for _, a := range documentAccounts(b.c.Result.Doc.Root, b.c.Token, 5) {
		if a != b.opts.AccountID && !b.listed(a) {
			b.addString(a, KindValue, "account named in this policy", "", a, false)
		}
	}
}

// regionValues proposes the region codes of the partition in the settings
// (aws by default), the region from the settings first.
func (b *builder) regionValues() {
	p, ok := b.cat.Partition(cmp.Or(b.partition(), "aws"))
	if !ok {
		return
	}
	for _, r := range orderFirst(p.Regions, func(r catalog.Region) bool { return r.Code == b.opts.Region }) {
		if !b.listed(r.Code) {
			b.addString(r.Code, KindValue, r.Name, "", r.Code, false)
		}
	}
}
