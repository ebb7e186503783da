package completion

// Fixed values: Version and Effect, and the skeleton of a Condition.

// versions proposes the two policy language versions, the current first.
func (b *builder) versions() {
	it := b.addString("2012-10-17", KindValue, "current policy language", policyElements[0].About, "2012-10-17", false)
	it.Preselect = true
	b.addString("2008-10-17", KindValue, "old: no policy variables", "The original policy language version. Policy variables such as `${aws:username}` stay literal text under it; use `2012-10-17`.", "2008-10-17", false)
}

// effects proposes Allow and Deny.
func (b *builder) effects() {
	b.addString("Allow", KindValue, "", "Grant the actions, unless another statement denies them.", "Allow", false)
	b.addString("Deny", KindValue, "", "Refuse the actions, whatever any other statement allows.", "Deny", false)
}

// conditionSkeleton proposes an operator block for an empty Condition
// value.
func (b *builder) conditionSkeleton() {
	if b.c.Token != nil {
		return
	}
	e, _ := findElement(statementElements, "Condition")
	b.addJSON("{}", KindSnippet, "condition block", e.doc(b.c.Kind), `{"${1:StringEquals}": {"$2": "$3"}}`, true, "{")
}
