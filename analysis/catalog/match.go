package catalog

import (
	"iter"
	"sort"
)

// MatchActions returns the actions an Action element value names, in
// prefix then name order. The value may be "*" (every action), a plain
// name ("ses:SendEmail") or a pattern with '*' and '?' anywhere, the
// prefix included ("s3:Get*Tagging", "ec2:DescribeVpc?", "s*:Get*").
// Matching ignores case, as AWS does. A pattern without a colon other than
// "*" is matched against whole "prefix:Name" strings.
func (c *Catalog) MatchActions(pattern string) []*Action {
	var out []*Action
	for a := range c.ActionsMatching(pattern) {
		out = append(out, a)
	}
	return out
}

// ActionsMatching is MatchActions as an iterator: stopping early (to ask
// "does anything match?") decodes no more services than needed, and a
// plain name costs a map lookup and no allocation.
func (c *Catalog) ActionsMatching(pattern string) iter.Seq[*Action] {
	return func(yield func(*Action) bool) {
		prefixPat, namePat, ok := cutColon(pattern)
		if !ok {
			if !hasWildcard(pattern) {
				return
			}
			for _, s := range c.table().list {
				for _, a := range s.Actions() {
					if globFold(pattern, a.full) && !yield(a) {
						return
					}
				}
			}
			return
		}
		if !hasWildcard(prefixPat) {
			if s, ok := c.Service(prefixPat); ok {
				s.matchActions(namePat, yield)
			}
			return
		}
		for _, s := range c.table().list {
			if globFold(prefixPat, s.Prefix) && !s.matchActions(namePat, yield) {
				return
			}
		}
	}
}

// matchActions yields the service's actions whose name matches pattern
// and reports whether the caller wants more.
func (s *Service) matchActions(pattern string, yield func(*Action) bool) bool {
	if !hasWildcard(pattern) {
		if a, ok := s.Action(pattern); ok {
			return yield(a)
		}
		return true
	}
	actions := s.Actions()
	// Actions are sorted by lowercase name, so a literal start narrows the
	// search to one run of them.
	if lit := literalPrefix(pattern); lit != "" {
		i := sort.Search(len(actions), func(i int) bool { return compareLower(actions[i].lowerName, lit) >= 0 })
		j := i
		for j < len(actions) && hasPrefixFold(actions[j].lowerName, lit) {
			j++
		}
		actions = actions[i:j]
	}
	for _, a := range actions {
		if globFold(pattern, a.Name) && !yield(a) {
			return false
		}
	}
	return true
}
