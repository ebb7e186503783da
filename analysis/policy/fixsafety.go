package policy

import (
	"strings"
	"unicode"

	"github.com/policyls/policyls/analysis/catalog"
)

// Which fixes are preferred, and which are safe.
//
// A preferred fix is applied without a question by the editor's fix-all
// and by `policyls check --fix=all`, so it must not widen or change what a
// policy grants. A misspelt action, key or principal matches nothing: the
// policy as written grants nothing there, and any rename grants something.
// A rename is preferred only when the intent cannot be in doubt and what it
// grants is no more than the typed name claims. A safe fix (Fix.Safe) goes
// further: it changes spelling, case or JSON syntax only, never meaning,
// and only those are applied by `policyls check --fix` (= --fix=safe).

// preferredActionRename returns the candidate a misspelt action may be
// renamed to without asking, or "" when the choice is the user's. The
// candidate must be
//   - one typo away: one insertion, deletion, substitution or swap of two
//     neighbours (case ignored) in the prefix or the action name;
//   - the only action within two such edits of what was typed;
//   - of an access level the typed verb stands for: the levels of the
//     service's actions that share the verb ("Get" in ses is Read), and for
//     a read verb (Get, List, Describe...) List or Read only, so a read
//     never becomes a Put, Set or Delete;
//   - not the same name with a plural "s" added or dropped: AWS names
//     different operations that way (s3:ListBuckets is no action, and
//     s3:ListBucket lists a bucket's objects, not the account's buckets);
//   - not a sensitive action (permissions management, iam:PassRole,
//     sts:AssumeRole...; see sensitiveActions): the misspelt entry grants
//     nothing today, and turning that into a privilege-escalation grant must
//     be the user's decision.
func preferredActionRename(cat *catalog.Catalog, typed string, candidates []string) string {
	if len(candidates) == 0 || catalog.HasWildcard(typed) || catalog.HasWildcard(candidates[0]) {
		return ""
	}
	near := cat.ActionsNear(typed, 2)
	if len(near) != 1 || near[0].Distance > 1 || !strings.EqualFold(near[0].Action.FullName(), candidates[0]) {
		return ""
	}
	act := near[0].Action
	if isSensitiveAction(act) || !levelFits(act, typed) || pluralOnly(typed, candidates[0]) {
		return ""
	}
	return candidates[0]
}

// pluralOnly reports whether a and b differ only by a trailing "s",
// ignoring case.
func pluralOnly(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(b) == len(a)+1 && (b[len(b)-1] == 's' || b[len(b)-1] == 'S') && strings.EqualFold(a, b[:len(a)])
}

// levelFits reports whether act's access level is one the verb of typed
// ("prefix:VerbNoun") stands for in act's service. The verb is the typed
// name's first word; a name not in PascalCase ("getobjct") or whose first
// word the service does not use ("Getobjct") takes the candidate's verb
// when it starts with it, ignoring case.
func levelFits(act *catalog.Action, typed string) bool {
	_, name, _ := strings.Cut(typed, ":")
	if act.Level == catalog.AccessUnknown {
		return false
	}
	levels := func(verb string) (set [catalog.AccessPermissionsManagement + 1]bool, used bool) {
		for _, other := range act.Service().Actions() {
			if verb != "" && strings.EqualFold(actionVerb(other.Name), verb) {
				set[other.Level], used = true, true
			}
		}
		return set, used
	}
	verb := actionVerb(name)
	set, used := levels(verb)
	if own := actionVerb(act.Name); !used && own != "" && hasPrefixFold(name, own) {
		verb = own
		set, used = levels(verb)
	}
	if !used || !set[act.Level] {
		return false
	}
	return !readVerbs[strings.ToLower(verb)] || act.Level == catalog.AccessList || act.Level == catalog.AccessRead
}

// readVerbs are the verbs whose actions only read: a name starting with one
// of them claims List or Read access.
var readVerbs = map[string]bool{
	"get": true, "list": true, "describe": true, "head": true, "search": true,
	"lookup": true, "check": true, "query": true, "scan": true, "view": true,
	"read": true, "batchget": true,
}

// actionVerb returns the first word of an action name written in
// PascalCase ("Get" of "GetObject"); "Batch" takes the next word along
// ("BatchGet" of "BatchGetItem"), since it says nothing by itself. A name
// in another case ("getobject") has no verb to tell.
func actionVerb(name string) string {
	word := func(s string) string {
		if s == "" || !unicode.IsUpper(rune(s[0])) {
			return ""
		}
		i := 1
		for i < len(s) && unicode.IsLower(rune(s[i])) {
			i++
		}
		if i == 1 {
			return ""
		}
		return s[:i]
	}
	verb := word(name)
	if verb == "Batch" {
		if next := word(name[len(verb):]); next != "" {
			return verb + next
		}
	}
	return verb
}

// sensitiveActions are the actions a rename is never applied onto without
// asking, beside every "Permissions management" action: the ways to gain
// privileges AWS documents (passing a role, assuming one, new credentials
// for another user, joining a group, editing policies).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
var sensitiveActions = []string{
	"iam:PassRole",
	"iam:*Policy*",
	"iam:CreateAccessKey",
	"iam:CreateLoginProfile",
	"iam:UpdateLoginProfile",
	"iam:AddUserToGroup",
	"iam:*PermissionsBoundary",
	"sts:AssumeRole*",
	"sts:GetFederationToken",
	"lambda:AddPermission",
	"lambda:CreateFunction",
	"lambda:UpdateFunctionCode",
}

// isSensitiveAction reports whether granting act is a privilege question
// the user must answer: permissions management, or sensitiveActions.
func isSensitiveAction(act *catalog.Action) bool {
	if act.Level == catalog.AccessPermissionsManagement {
		return true
	}
	for _, p := range sensitiveActions {
		if catalog.WildcardMatch(p, act.FullName()) {
			return true
		}
	}
	return false
}

// caseOnly reports whether edits only change the case of what they
// replace, so applying them cannot change meaning where AWS ignores case.
func caseOnly(src []byte, edits []Edit) bool {
	for _, e := range edits {
		if e.Start < 0 || e.End > len(src) || e.Start >= e.End || !strings.EqualFold(string(src[e.Start:e.End]), e.NewText) {
			return false
		}
	}
	return len(edits) > 0
}
