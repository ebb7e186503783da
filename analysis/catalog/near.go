package catalog

import "sort"

// NearAction is an action found close to a name that is not one.
type NearAction struct {
	Action *Action
	// Distance counts the edits between the name and the action's full
	// name, ignoring case: the prefix's edits plus the action name's.
	Distance int
}

// ActionsNear returns every action within limit edits of name
// ("prefix:Name"), ignoring case, nearest first (ties in name order). An
// insertion, deletion, substitution or swap of two neighbours counts as one
// edit. A prefix that names a service is taken as typed: only that
// service's actions are searched. Any other prefix is taken as a typo, and
// the actions of every service whose prefix is within reach are searched.
// Unlike SuggestActions it keeps every action within reach, which is what
// telling a unique candidate from one of several needs.
func (c *Catalog) ActionsNear(name string, limit int) []NearAction {
	prefix, action, ok := cutColon(name)
	if !ok || limit < 0 {
		return nil
	}
	services := c.table().list
	if s, known := c.Service(prefix); known {
		services = []*Service{s}
	}
	var out []NearAction
	var rows editRows
	for _, s := range services {
		if abs(len(s.Prefix)-len(prefix)) > limit {
			continue
		}
		dp := distance(prefix, s.Prefix, limit, &rows)
		if dp > limit {
			continue
		}
		rest := limit - dp
		for _, a := range s.Actions() {
			if abs(len(a.Name)-len(action)) > rest {
				continue
			}
			if da := distance(action, a.Name, rest, &rows); da <= rest {
				out = append(out, NearAction{a, dp + da})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Distance != out[j].Distance {
			return out[i].Distance < out[j].Distance
		}
		return out[i].Action.full < out[j].Action.full
	})
	return out
}
