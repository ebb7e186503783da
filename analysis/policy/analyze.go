package policy

import (
	"bytes"
	"slices"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// Options steer one analysis.
type Options struct {
	// Kind forces the policy kind (from settings or --kind). Empty means
	// infer it from the document.
	Kind Kind
	// Rules turns rules off or changes their severity, by rule ID.
	Rules map[string]RuleSetting
	// Suppressions silence single findings by rule and JSON path.
	Suppressions []Suppression
	// Partition, Region and AccountID are the user's own values (settings
	// policyls.partition, policyls.region, policyls.accountId), used by
	// fixes that fill in documentation placeholders or an account. Empty
	// when not configured.
	Partition, Region, AccountID string
	// Identity is the SES identity (a domain or an address) an SES
	// identity policy is attached to, when its host names it literally
	// (Terraform's aws_ses_identity_policy.identity): the policy's
	// Resource must be that identity's ARN. Empty when unknown.
	Identity string
}

// Result is everything one analysis found.
type Result struct {
	Doc *jsonsyntax.Document
	// IsPolicy is false when the document does not look like a policy at all
	// (a package.json, an empty file) and no kind was forced; such documents
	// get no diagnostics.
	IsPolicy bool
	// Rewritable is true when the document is a policy by its own content
	// (looksLikePolicy, or one bare statement), whatever kind was forced:
	// fixes (Fixes) and formatting rewrite only such documents, never a JSON
	// file that is a policy only because a glob or --kind said so.
	Rewritable bool
	Kind       Kind
	Policy     *Policy // nil when IsPolicy is false
	// Diagnostics are sorted by Start, then End.
	Diagnostics []Diagnostic
}

const (
	// MaxAnalysedSize is the largest document the policy rules run on. IAM
	// accepts at most 131,072 characters, so anything larger is certainly not
	// a valid policy; it is still parsed (for syntax errors and outline) but
	// not checked element by element.
	MaxAnalysedSize = 256 << 10
	// MaxParsedSize is the largest document that is parsed at all. Beyond it
	// (a log file, a data dump opened by mistake) the tree alone would take
	// hundreds of megabytes, so only the size is reported.
	MaxParsedSize = 1 << 20
	// maxSyntaxDiagnostics caps syntax findings so a garbage document cannot
	// flood the editor.
	maxSyntaxDiagnostics = 100
)

type analyzer struct {
	opts Options
	src  []byte
	// body is the policy's own text: src for a policy file, the policy's
	// range of a JSON host file, nil when the host is not JSON (YAML has no
	// JSON size to count).
	body  []byte
	doc   *jsonsyntax.Document
	kind  Kind
	diags []Diagnostic

	misspeltStatement bool // a misspelling of "Statement" was reported

	// worstOn holds the most serious severity reported on each exact range,
	// so later rules can ask "already reported?" in constant time.
	worstOn map[[2]int]Severity

	// suggestions counts the did-you-mean searches made; see suggest.
	suggestions int
}

// Analyze parses src and runs every structural rule that applies to its
// kind. It never fails and never panics on any input.
func Analyze(src []byte, opts Options) *Result {
	if len(src) > MaxParsedSize {
		return analyzeTooLarge(src, opts)
	}
	return analyze(src, jsonsyntax.Parse(src), src, opts)
}

// AnalyzeEmbedded runs the rules on a policy embedded in a host file (a
// CloudFormation template): doc was made by jsonsyntax.Build, its ranges are
// offsets into src, the whole host file. The host reports its own syntax, so
// doc has no errors; rules see the policy as they see a policy file, and
// Hole values (intrinsic functions) are checked nowhere. Fixes are JSON
// edits in host coordinates: the host rewrites or drops them.
func AnalyzeEmbedded(src []byte, doc *jsonsyntax.Document, opts Options) *Result {
	var body []byte
	if r := doc.Root; r != nil && r.Start() <= r.End() && r.End() <= len(src) {
		body = src[r.Start():r.End()]
	}
	return analyze(src, doc, body, opts)
}

// analyze is Analyze on a parsed (or built) document; body is the policy's
// own text, whose size the quotas and MaxAnalysedSize apply to.
func analyze(src []byte, doc *jsonsyntax.Document, body []byte, opts Options) *Result {
	res := &Result{Doc: doc, Kind: KindUnknown}
	forced := opts.Kind != ""
	bare := isBareStatement(doc.Root)
	res.Rewritable = looksLikePolicy(doc.Root) || bare
	if !forced && !res.Rewritable {
		res.Diagnostics = []Diagnostic{}
		return res
	}
	res.IsPolicy = true
	a := &analyzer{opts: opts, src: src, body: body, doc: doc}
	a.reportSyntax()
	root := doc.Root
	switch {
	case root == nil:
		a.report(RuleSyntax, 0, 0, "the document is empty: a policy is a JSON object, starting with '{'")
	case root.Kind() != jsonsyntax.Object:
		a.report(RuleWrongType, root.Start(), root.End(), "a policy must be a JSON object, not "+describe(root))
	case len(body) > MaxAnalysedSize:
		a.report(RuleTooLarge, root.Start(), root.Start()+1, "the document is "+thousands(len(body))+" bytes; policies are far smaller (IAM accepts at most 131,072 characters), so its elements are not analysed")
	default:
		if bare {
			res.Policy = &Policy{Root: root, Statements: []*Statement{a.buildStatement(root, 0)}}
		} else {
			res.Policy = a.buildPolicy(root)
		}
		if forced {
			a.kind = opts.Kind
		} else {
			a.kind = inferKind(res.Policy)
		}
		if bare {
			a.checkBareStatement(res.Policy)
		} else {
			a.checkPolicy(res.Policy)
		}
	}
	if a.kind != "" {
		res.Kind = a.kind
	} else if forced {
		res.Kind = opts.Kind
	}
	slices.SortStableFunc(a.diags, func(x, y Diagnostic) int {
		if x.Start != y.Start {
			return x.Start - y.Start
		}
		return x.End - y.End
	})
	if a.diags == nil {
		a.diags = []Diagnostic{}
	}
	res.Diagnostics = a.diags
	applySettings(res, opts)
	return res
}

// analyzeTooLarge answers for a document beyond MaxParsedSize without
// parsing it: a policy (by a cheap look at its start, or a forced kind) gets
// one finding saying why it is not analysed; anything else stays silent.
func analyzeTooLarge(src []byte, opts Options) *Result {
	res := &Result{Doc: &jsonsyntax.Document{}, Kind: KindUnknown, Diagnostics: []Diagnostic{}}
	head := src[:64<<10]
	if opts.Kind == "" && !bytes.Contains(head, []byte(`"Statement"`)) && !bytes.Contains(head, []byte(`"Version"`)) {
		return res
	}
	res.IsPolicy = true
	res.Rewritable = bytes.Contains(head, []byte(`"Statement"`)) || bytes.Contains(head, []byte(`"Version"`))
	if opts.Kind != "" {
		res.Kind = opts.Kind
	}
	res.Diagnostics = append(res.Diagnostics, Diagnostic{
		Code: RuleTooLarge, Severity: ruleIndex[RuleTooLarge].Severity, Start: 0, End: 1,
		Message: "the document is " + thousands(len(src)) + " bytes; policies are far smaller (IAM accepts at most 131,072 characters), so it is not analysed",
	})
	return res
}

// report records a finding of rule at the default severity.
func (a *analyzer) report(rule string, start, end int, msg string) {
	a.reportAs(rule, ruleIndex[rule].Severity, start, end, msg)
}

// maxSuggestions bounds the did-you-mean searches of one analysis. Each
// scans a whole service's actions or every condition key, so a document full
// of made-up names would otherwise take most of a second per keystroke; the
// later findings keep their message, without the suggestion.
const maxSuggestions = 30

// suggest runs a did-you-mean search while the budget lasts.
func (a *analyzer) suggest(search func() []string) []string {
	if a.suggestions >= maxSuggestions {
		return nil
	}
	a.suggestions++
	return search()
}

// attach adds fixes to the finding reported last. A fix that only changes
// case is marked safe: policyls offers case fixes only where AWS ignores
// case (actions, condition keys) or refuses the other spelling (elements,
// Effect, operators), so the policy means what it did, or now deploys.
func (a *analyzer) attach(fixes ...Fix) {
	if len(a.diags) > 0 && len(fixes) > 0 {
		for i := range fixes {
			fixes[i].Safe = fixes[i].Safe || caseOnly(a.src, fixes[i].Edits)
		}
		d := &a.diags[len(a.diags)-1]
		d.Fixes = append(d.Fixes, fixes...)
	}
}

// replacements offers one fix per candidate for a string node, best first.
// The first is preferred when it is the only one, or strictly closer to what
// was typed than the second (then the choice is not a guess).
func replacements(n *jsonsyntax.Node, candidates []string) []Fix {
	preferred := ""
	if clearWinner(n.Text(), candidates) {
		preferred = candidates[0]
	}
	return renames(n, candidates, preferred)
}

// caseRenames offers one fix per candidate, preferring only one that
// changes nothing but case: for names whose misspelling AWS accepts and
// matches nothing (service principals, condition keys), where any other
// rename would change what the policy grants.
func caseRenames(n *jsonsyntax.Node, candidates []string) []Fix {
	preferred := ""
	if len(candidates) > 0 && strings.EqualFold(n.Text(), candidates[0]) {
		preferred = candidates[0]
	}
	return renames(n, candidates, preferred)
}

// renames offers one fix per candidate, best first; the one equal to
// preferred (if any) is preferred.
func renames(n *jsonsyntax.Node, candidates []string, preferred string) []Fix {
	fixes := make([]Fix, 0, len(candidates))
	for _, c := range candidates {
		fixes = append(fixes, Fix{Title: "Change to " + quote(c), Preferred: preferred != "" && c == preferred, Edits: []Edit{replaceString(n, c)}})
	}
	return fixes
}

func clearWinner(typed string, candidates []string) bool {
	if len(candidates) == 1 {
		return true
	}
	if len(candidates) == 0 {
		return false
	}
	const far = 1 << 30
	t := strings.ToLower(typed)
	return editDistance(t, strings.ToLower(candidates[0]), far) < editDistance(t, strings.ToLower(candidates[1]), far)
}

// kindForced reports whether the kind came from settings or --kind rather
// than from the document: fixes that only make sense for one kind (removing
// a trust policy's Resource) are preferred only then, since an inferred
// kind can be wrong.
func (a *analyzer) kindForced() bool { return a.opts.Kind != "" }

// hasError reports whether an error was already reported on exactly n, so
// later rules can stay quiet rather than pile a second finding on it.
func (a *analyzer) hasError(n *jsonsyntax.Node) bool {
	return a.findingOn(n, SeverityError)
}

// hasFinding reports whether an error or warning was reported on exactly n.
func (a *analyzer) hasFinding(n *jsonsyntax.Node) bool {
	return a.findingOn(n, SeverityWarning)
}

// findingOn reports whether a finding at least as severe as worst was
// reported on exactly n's range.
func (a *analyzer) findingOn(n *jsonsyntax.Node, worst Severity) bool {
	sev, ok := a.worstOn[[2]int{n.Start(), n.End()}]
	return ok && sev <= worst
}

func (a *analyzer) reportAs(rule string, sev Severity, start, end int, msg string) {
	a.diags = append(a.diags, Diagnostic{Code: rule, Severity: sev, Message: msg, Start: start, End: end})
	if a.worstOn == nil {
		a.worstOn = map[[2]int]Severity{}
	}
	if old, ok := a.worstOn[[2]int{start, end}]; !ok || sev < old {
		a.worstOn[[2]int{start, end}] = sev
	}
}

// reportSyntax turns parse errors into diagnostics, each kind under its own
// rule so users can tell "IAM rejects comments" from "broken JSON".
func (a *analyzer) reportSyntax() {
	for i, e := range a.doc.Errors {
		if i == maxSyntaxDiagnostics {
			end, hidden, deep := e.End, len(a.doc.Errors)-i+a.doc.ErrorsDropped, false
			for _, h := range a.doc.Errors[i:] {
				end = max(end, h.End)
				if h.Code == jsonsyntax.ErrTooDeep && !deep {
					// Too deep nesting explains the errors around it (a
					// run of unclosed brackets): never hide it.
					a.report(RuleTooDeep, h.Start, h.End, h.Message)
					deep, hidden = true, hidden-1
				}
			}
			if hidden > 0 {
				a.report(RuleSyntax, e.Start, end, thousands(hidden)+" more syntax errors are not shown")
			}
			return
		}
		rule := RuleSyntax
		switch e.Code {
		case jsonsyntax.ErrDuplicateKey:
			rule = RuleDuplicateKey
		case jsonsyntax.ErrComment:
			rule = RuleComment
		case jsonsyntax.ErrTrailingComma:
			rule = RuleTrailingComma
		case jsonsyntax.ErrTooDeep:
			rule = RuleTooDeep
		}
		a.report(rule, e.Start, e.End, e.Message)
		a.attach(a.syntaxFixes(e)...)
	}
}

// syntaxFixes offers the fixes for a few syntax errors: drop a trailing
// comma (unambiguous), remove a comment or a repeated key (a choice).
func (a *analyzer) syntaxFixes(e jsonsyntax.Error) []Fix {
	switch e.Code {
	case jsonsyntax.ErrTrailingComma:
		return []Fix{{Title: "Remove the trailing comma", Preferred: true, Safe: true, Edits: []Edit{{Start: e.Start, End: e.End}}}}
	case jsonsyntax.ErrComment:
		return []Fix{{Title: "Remove the comment", Edits: []Edit{{Start: e.Start, End: e.End}}}}
	case jsonsyntax.ErrDuplicateKey:
		if key := a.doc.NodeAt(e.Start); key != nil && key.Parent() != nil && key.Parent().Kind() == jsonsyntax.Property && key.Parent().Key() == key {
			return []Fix{{Title: "Remove this " + quote(key.Text()), Edits: []Edit{RemoveProperty(a.src, key.Parent())}}}
		}
	}
	return nil
}

// looksLikePolicy decides, for a document whose kind is not forced, whether
// it is a policy at all. It must stay silent on other JSON (package.json has
// a lowercase "version"; other formats have a "statement" or a dated
// "Version" of their own), yet recognise a policy while it is being typed:
// a "Statement" spelt as IAM spells it, or a "Version" that is (or begins)
// 2012-10-17 or 2008-10-17.
func looksLikePolicy(root *jsonsyntax.Node) bool {
	if root == nil || root.Kind() != jsonsyntax.Object {
		return false
	}
	for _, prop := range root.Children() {
		switch prop.Key().Text() {
		case "Statement":
			return true
		case "Version":
			if v := prop.Value(); v == nil || (v.Kind() == jsonsyntax.String && isVersionLike(v.Text())) {
				return true
			}
		}
	}
	return false
}

// isVersionLike reports whether a Version value is a policy language
// version, or the start of one being typed ("", "2", "2012-").
func isVersionLike(v string) bool {
	return strings.HasPrefix("2012-10-17", v) || strings.HasPrefix("2008-10-17", v)
}

// inferKind guesses the policy kind. No principal anywhere means an
// identity-based (IAM permission) policy. With a principal: an RCP when every
// statement denies "*" on every resource (RCPs only deny, and only for
// Principal "*"); a trust policy when every action is a role-session action
// (sts:AssumeRole*, TagSession, SetSourceIdentity, SetContext), since a
// role's trust policy grants nothing else; an SES identity policy when it
// names SES identities or SES actions. Any other policy with a principal,
// mixing services, is a resource-based policy of another service (unknown).
// See "Policy kinds" in ARCHITECTURE.md.
func inferKind(p *Policy) Kind {
	hasPrincipal := false
	for _, s := range p.Statements {
		if s.Principal != nil || s.NotPrincipal != nil {
			hasPrincipal = true
			break
		}
	}
	if !hasPrincipal {
		return KindIAMIdentity
	}
	if isRCP(p) {
		return KindRCP
	}
	sessionOnly, anySession, anyAction, anyResource, ses := true, false, false, false, false
	for _, s := range p.Statements {
		anyResource = anyResource || s.Resource != nil || s.NotResource != nil
		if s.NotAction != nil {
			sessionOnly = false // everything but the listed actions
		}
		for _, el := range [...]*Element{s.Action, s.NotAction} {
			eachString(el.Value(), func(act *jsonsyntax.Node) {
				name := act.Text()
				if el == s.Action {
					session := isSessionAction(name)
					anyAction, anySession = true, anySession || session
					sessionOnly = sessionOnly && session
				}
				ses = ses || hasPrefixFold(name, "ses:")
			})
		}
		for _, el := range [...]*Element{s.Resource, s.NotResource} {
			eachString(el.Value(), func(res *jsonsyntax.Node) {
				ses = ses || isSESIdentityARN(res.Text())
			})
		}
	}
	switch {
	case anyAction && sessionOnly, anySession && !anyResource:
		return KindTrust
	case ses:
		return KindSESIdentity
	}
	return KindUnknown
}

// isSessionAction reports whether an Action entry is one a role trust
// policy grants: an sts action that starts or shapes a role session, or an
// sts pattern matching one (sts:AssumeRole*, sts:*). Case does not matter.
func isSessionAction(name string) bool {
	prefix, action, ok := strings.Cut(name, ":")
	if !ok || !strings.EqualFold(prefix, "sts") {
		return false
	}
	for _, t := range trustActions {
		if strings.EqualFold(action, t) || catalog.HasWildcard(action) && catalog.WildcardMatch(action, t) {
			return true
		}
	}
	return false
}

// grantsOnlySessions reports whether a statement's Action lists only
// role-session actions (and it has no NotAction).
func grantsOnlySessions(s *Statement) bool {
	actions := Strings(s.Action)
	if s.NotAction != nil || len(actions) == 0 {
		return false
	}
	for _, act := range actions {
		if !isSessionAction(act.Text()) {
			return false
		}
	}
	return true
}

// isRCP reports whether a policy has the shape of a resource control
// policy: every statement denies, to Principal "*", on Resource "*" (or on
// everything but a NotResource list). RCPFullAWSAccess, the one RCP that
// allows (everything, to everyone, on everything), counts too.
func isRCP(p *Policy) bool {
	if len(p.Statements) == 0 {
		return false
	}
	for _, s := range p.Statements {
		if !principalIsStar(s.Principal) || s.NotPrincipal != nil {
			return false
		}
		resources := Strings(s.Resource)
		allResources := s.NotResource != nil && s.Resource == nil || len(resources) > 0
		for _, r := range resources {
			allResources = allResources && r.Text() == "*"
		}
		if !allResources {
			return false
		}
		if effectIs(s, "Allow") && len(p.Statements) == 1 && s.Condition == nil && isStar(s.Action.Value()) && isStar(s.Resource.Value()) {
			return true // RCPFullAWSAccess
		}
		if !effectIs(s, "Deny") {
			return false
		}
	}
	return true
}

// principalIsStar reports whether a Principal is "*" or {"AWS": "*"}.
func principalIsStar(el *Element) bool {
	v := el.Value()
	if v == nil {
		return false
	}
	if v.Kind() == jsonsyntax.String {
		return v.Text() == "*"
	}
	if v.Kind() != jsonsyntax.Object || len(v.Children()) != 1 {
		return false
	}
	m := v.Children()[0]
	return m.Key().Text() == "AWS" && isStar(m.Value())
}

// isStar reports whether v is "*" or ["*"].
func isStar(v *jsonsyntax.Node) bool {
	values := stringsOf(v)
	return len(values) == 1 && values[0].Text() == "*" && len(v.Values()) == 1
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case, without allocating.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// isSESIdentityARN reports whether arn has the shape
// arn:<partition>:ses:<region>:<account>:identity/<name>.
func isSESIdentityARN(arn string) bool {
	rest, ok := strings.CutPrefix(arn, "arn:")
	if !ok {
		return false
	}
	var field [5]string // partition, service, region, account, resource
	for i := range 4 {
		var found bool
		if field[i], rest, found = strings.Cut(rest, ":"); !found {
			return false
		}
	}
	field[4] = rest
	return strings.EqualFold(field[1], "ses") && strings.HasPrefix(field[4], "identity/")
}

// describe names a node's JSON type for messages, with a short excerpt of
// the value where that helps.
func describe(n *jsonsyntax.Node) string {
	switch n.Kind() {
	case jsonsyntax.String:
		return "the string " + quote(n.Text())
	case jsonsyntax.Number, jsonsyntax.Bool:
		return "the " + n.Kind().String() + " " + n.Text()
	case jsonsyntax.Null:
		return "null"
	case jsonsyntax.Invalid:
		return "invalid JSON"
	}
	return "an " + n.Kind().String()
}
