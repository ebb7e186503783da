package policy

import (
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
	"time"

	"github.com/policyls/policyls/analysis/catalog"
)

// renameCandidates returns the did-you-mean candidates checkActionEntry
// offers for an action name the catalogue does not know.
func renameCandidates(cat *catalog.Catalog, name string) []string {
	prefix, action, _ := strings.Cut(name, ":")
	if _, known := cat.Service(prefix); !known {
		return suggestActionPrefixes(cat, prefix, action)
	}
	return cat.SuggestActions(name, 3)
}

// TestPreferredActionRename: the cases of issue 13 item 1 and their
// neighbours. A rename is preferred only onto the one action a typo away,
// of an access level the typed verb stands for, and never onto a
// privilege-escalation action.
func TestPreferredActionRename(t *testing.T) {
	cat := catalog.Default()
	for _, tc := range []struct{ typed, want string }{
		{"ses:SendEmial", "ses:SendEmail"},
		{"ses:SendRawEmial", "ses:SendRawEmail"},
		{"s3:GetObjct", "s3:GetObject"},
		{"s3:Getobjct", "s3:GetObject"},    // the verb is read from the candidate
		{"ses:sendemial", "ses:SendEmail"}, // lowercase: likewise
		{"dynamodb:BatchGetItm", "dynamodb:BatchGetItem"},
		{"sse:SendEmail", "ses:SendEmail"}, // a swapped prefix
		{"iam:GetRol", "iam:GetRole"},
		// A read never becomes a write.
		{"ses:GetIdentityPolicy", ""},            // -> PutIdentityPolicy
		{"ses:GetIdentityNotificationTopic", ""}, // -> SetIdentityNotificationTopic
		// Privilege escalation is the user's call: the typo grants nothing.
		{"iam:PassRol", ""},
		{"iam:PutRolePolicyy", ""},
		{"sts:AssumeRol", ""},  // also ambiguous: AssumeRole, AssumeRoot
		{"s3:PutObjectAc", ""}, // PutObjectAcl (permissions management) and PutObject
		// A plural "s" added or dropped names another operation as often as
		// it is a typo: s3:ListBuckets (the API, authorised by
		// s3:ListAllMyBuckets) is not s3:ListBucket (a bucket's objects).
		{"s3:ListBuckets", ""},
		{"ec2:DescribeInstance", ""},
		{"s3:GetObjects", ""},
		// A typo in the verb leaves the access level unknown.
		{"ses:SnedEmail", ""},
		// Patterns and unknown prefixes far from any service.
		{"sse:Send*", ""},
		{"s:GetObject", ""},
	} {
		if got := preferredActionRename(cat, tc.typed, renameCandidates(cat, tc.typed)); got != tc.want {
			t.Errorf("%s: preferred %q, want %q", tc.typed, got, tc.want)
		}
	}
}

func TestActionVerb(t *testing.T) {
	for name, want := range map[string]string{
		"GetObject": "Get", "BatchGetItem": "BatchGet", "Batch": "Batch", "ESHttpGet": "",
		"getobject": "", "A": "", "ListBuckets": "List", "PassRole": "Pass",
	} {
		if got := actionVerb(name); got != want {
			t.Errorf("actionVerb(%q) = %q, want %q", name, got, want)
		}
	}
}

// readVerbsLevels: the verbs policyls treats as reads are reads in the
// catalogue; if AWS ever files most Get actions as writes, the rule is
// wrong and this says so.
func TestReadVerbsAreReads(t *testing.T) {
	reads, all := 0, 0
	for _, s := range catalog.Default().Services() {
		for _, a := range s.Actions() {
			if readVerbs[strings.ToLower(actionVerb(a.Name))] {
				all++
				if a.Level == catalog.AccessList || a.Level == catalog.AccessRead {
					reads++
				}
			}
		}
	}
	t.Logf("%d of %d actions with a read verb are List or Read", reads, all)
	if all == 0 || reads*100 < all*90 {
		t.Errorf("%d of %d actions with a read verb are List or Read", reads, all)
	}
}

// typoVariants returns variants of name, a deterministic sample: a
// substitution of the first letter (where a verb turns into another), one
// more edit whose kind (deletion, insertion, substitution, swap of
// neighbours) and place come from a hash of the name, and two case
// variants. Each differs from name by exactly one edit or by case only.
func typoVariants(name string) []string {
	h := fnv.New64a()
	h.Write([]byte(name))
	seed := h.Sum64()
	pick := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	const letters = "abcdefghijklmnopqrstuvwxyzGPSLDU"
	substitute := func(i int) string {
		c := letters[pick(len(letters))]
		if strings.EqualFold(string(c), name[i:i+1]) {
			c = '_'
		}
		return name[:i] + string(c) + name[i+1:]
	}
	out := []string{substitute(0)}
	switch kind := pick(4); {
	case kind == 0 && len(name) > 1:
		i := pick(len(name))
		out = append(out, name[:i]+name[i+1:])
	case kind == 1:
		i := pick(len(name) + 1)
		out = append(out, name[:i]+string(letters[pick(len(letters))])+name[i:])
	case kind == 2 && len(name) > 2:
		if i := pick(len(name) - 1); !strings.EqualFold(name[i:i+1], name[i+1:i+2]) {
			out = append(out, name[:i]+name[i+1:i+2]+name[i:i+1]+name[i+2:])
		}
	default:
		out = append(out, substitute(pick(len(name))))
	}
	return append(out, strings.ToLower(name), strings.ToUpper(name[:1])+strings.ToLower(name[1:]))
}

// writeVerbs are verbs a read may never be renamed to.
var writeVerbs = map[string]bool{"put": true, "set": true, "delete": true, "create": true, "update": true, "attach": true, "detach": true, "remove": true, "add": true, "modify": true, "tag": true, "untag": true}

// TestPreferredRenamesAcrossCatalogue is the property test of issue 13
// item 1: for typos of every action of every service (typoVariants: a
// deterministic sample of edits per action), a preferred rename lands on the action the
// typo came from, the only action within two edits; keeps its access level;
// never turns a read verb into a write; and never lands on a sensitive
// action. Case variants of known names are fixed by ACT005, case only.
func TestPreferredRenamesAcrossCatalogue(t *testing.T) {
	cat := catalog.Default()
	started := time.Now()
	checked, preferred, prefixTypos := 0, 0, 0
	for _, s := range cat.Services() {
		for _, x := range s.Actions() {
			for _, name := range typoVariants(x.Name) {
				typed := s.Prefix + ":" + name
				if _, known := cat.Action(typed); known {
					continue // an existing action (or the same in other case)
				}
				checked++
				got := preferredActionRename(cat, typed, renameCandidates(cat, typed))
				if got == "" {
					continue
				}
				preferred++
				c, _ := cat.Action(got)
				switch {
				case c == nil:
					t.Errorf("%s: preferred %q is no action", typed, got)
				case c != x:
					t.Errorf("%s (a typo of %s): preferred %s, not the action it came from", typed, x.FullName(), got)
				case c.Level != x.Level || c.Level == catalog.AccessPermissionsManagement || isSensitiveAction(c):
					t.Errorf("%s: preferred %s (%s), a sensitive or different level", typed, got, c.Level)
				case readVerbs[strings.ToLower(actionVerb(name))] && (writeVerbs[strings.ToLower(actionVerb(c.Name))] || c.Level > catalog.AccessRead):
					t.Errorf("%s: a read became %s (%s)", typed, got, c.Level)
				}
				if n := nearCount(s, name, 2); n != 1 {
					t.Errorf("%s: preferred %s with %d actions within two edits", typed, got, n)
				}
			}
		}
	}
	// Prefix typos: a sample of services, each with its first action.
	for i, s := range cat.Services() {
		if i%7 != 0 || len(s.Actions()) == 0 {
			continue
		}
		x := s.Actions()[0]
		for _, p := range typoVariants(s.Prefix) {
			typed := p + ":" + x.Name
			if _, known := cat.Service(p); known {
				continue
			}
			prefixTypos++
			if got := preferredActionRename(cat, typed, renameCandidates(cat, typed)); got != "" && !strings.EqualFold(got, x.FullName()) {
				t.Errorf("%s (a typo of %s): preferred %s", typed, x.FullName(), got)
			}
		}
	}
	t.Logf("%d typos of %d actions, %d prefix typos: %d renames preferred, in %v", checked, cat.Stats().Actions, prefixTypos, preferred, time.Since(started).Round(time.Millisecond))
	if preferred == 0 || preferred == checked {
		t.Errorf("%d of %d renames preferred: the test exercises nothing", preferred, checked)
	}
}

// nearCount counts s's actions within limit edits of name, ignoring case,
// by a plain optimal-string-alignment distance independent of the
// catalogue's search.
func nearCount(s *catalog.Service, name string, limit int) int {
	n := 0
	var rows [3][]int
	for _, a := range s.Actions() {
		if osaDistance(name, a.Name, &rows) <= limit {
			n++
		}
	}
	return n
}

// osaDistance is the optimal string alignment distance of a and b ignoring
// ASCII case (an insertion, deletion, substitution or swap of neighbours is
// one edit), or 3 for anything further than 2. rows is scratch space.
func osaDistance(a, b string, rows *[3][]int) int {
	if d := len(a) - len(b); d > 2 || d < -2 {
		return 3
	}
	fold := func(c byte) byte {
		if 'A' <= c && c <= 'Z' {
			return c + 'a' - 'A'
		}
		return c
	}
	for i := range rows {
		if cap(rows[i]) < len(b)+1 {
			rows[i] = make([]int, len(b)+1)
		}
		rows[i] = rows[i][:len(b)+1]
	}
	before, prev, cur := rows[0], rows[1], rows[2]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if fold(a[i-1]) == fold(b[j-1]) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && fold(a[i-1]) == fold(b[j-2]) && fold(a[i-2]) == fold(b[j-1]) {
				cur[j] = min(cur[j], before[j-2]+1)
			}
		}
		before, prev, cur = prev, cur, before
	}
	return min(prev[len(b)], 3)
}

// TestAnalysisPrefersWhatTheRuleSays ties the function to the analysis: a
// sample of catalogue typos analysed as policies gets a preferred ACT002
// fix exactly when preferredActionRename names one, and case variants get
// a safe ACT005 fix.
func TestAnalysisPrefersWhatTheRuleSays(t *testing.T) {
	cat := catalog.Default()
	n := 0
	for i, s := range cat.Services() {
		if i%25 != 0 {
			continue
		}
		for j, x := range s.Actions() {
			if j%10 != 0 {
				continue
			}
			for _, name := range typoVariants(x.Name) {
				typed := s.Prefix + ":" + name
				src := fmt.Sprintf(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": %s, "Resource": "*"}}`, jsonString(typed))
				res := Analyze([]byte(src), Options{})
				want := preferredActionRename(cat, typed, renameCandidates(cat, typed))
				wantSafe := false
				if act, known := cat.Action(typed); known {
					want, wantSafe = act.FullName(), true
					if want == typed {
						continue
					}
				}
				n++
				got, safe := "", false
				for _, d := range res.Diagnostics {
					for _, f := range d.Fixes {
						if f.Preferred && (d.Code == RuleActionUnknown || d.Code == RuleActionCase) {
							got, safe = f.Edits[0].NewText, f.Safe
						}
					}
				}
				if want != "" {
					want = jsonString(want)
				}
				if got != want || safe != wantSafe {
					t.Errorf("%s: preferred fix %s (safe %v), want %s (safe %v)", typed, got, safe, want, wantSafe)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no sample")
	}
}

// TestRenamesOfPrincipalsAndKeys: a service principal or condition key is
// renamed without asking only when the case alone differs; anything else
// names another principal or key, so it is offered, not preferred.
func TestRenamesOfPrincipalsAndKeys(t *testing.T) {
	for _, tc := range []struct {
		src, rule, to string
		preferred     bool
	}{
		{`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "pinpoint.amazon.com"}, "Action": "sts:AssumeRole"}}`, RuleServicePrincipal, "pinpoint.amazonaws.com", false},
		{`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "Pinpoint.amazonaws.com"}, "Action": "sts:AssumeRole"}}`, RuleServicePrincipal, "pinpoint.amazonaws.com", true},
		{`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAcount": "111122223333"}}}}`, RuleKeyUnknown, "aws:SourceAccount", false},
	} {
		res := Analyze([]byte(tc.src), Options{})
		found := false
		for _, d := range res.Diagnostics {
			for _, f := range d.Fixes {
				if d.Code == tc.rule && f.Title == "Change to "+quote(tc.to) {
					found = true
					if f.Preferred != tc.preferred || f.Safe != tc.preferred {
						t.Errorf("%s: %s preferred %v safe %v, want %v", tc.src, f.Title, f.Preferred, f.Safe, tc.preferred)
					}
				}
			}
		}
		if !found {
			t.Errorf("%s: no %s fix to %s: %v", tc.src, tc.rule, tc.to, res.Diagnostics)
		}
	}
}

// TestSafeFixes: which preferred fixes --fix=safe applies.
func TestSafeFixes(t *testing.T) {
	src := "{\n  \"Statement\": [\n    {\n      \"Effect\": \"allow\",\n      \"action\": [\"SES:SendEmail\", \"ses:SendRawEmial\",],\n      \"Resource\": \"*\"\n    }\n  ]\n}"
	safe, n, changes := Fixes([]byte(src), Options{}, FixSafe)
	want := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\"ses:SendEmail\", \"ses:SendRawEmial\"],\n      \"Resource\": \"*\"\n    }\n  ]\n}"
	if string(safe) != want || n != 5 {
		t.Errorf("safe fixes (%d):\n%s\nwant 5:\n%s", n, safe, want)
	}
	// Each change is where its new text now stands.
	var got []string
	for _, c := range changes {
		if !strings.HasPrefix(string(safe[c.Start:]), c.New) {
			t.Errorf("change %q -> %q: the fixed text at %d is %q", c.Old, c.New, c.Start, safe[c.Start:min(len(safe), c.Start+20)])
		}
		got = append(got, c.Rule+" "+c.Old+" -> "+c.New)
	}
	wantChanges := []string{`POL003  -> ` + "\n  \"Version\": \"2012-10-17\",", `POL009 "allow" -> "Allow"`, `POL001 "action" -> "Action"`, `ACT005 "SES:SendEmail" -> "ses:SendEmail"`, `JSON004 , -> `}
	if strings.Join(got, "|") != strings.Join(wantChanges, "|") {
		t.Errorf("changes:\n%q\nwant:\n%q", got, wantChanges)
	}
	all, n, _ := Fixes([]byte(src), Options{}, FixPreferred)
	if !strings.Contains(string(all), `"ses:SendRawEmail"`) || n != 6 {
		t.Errorf("all preferred fixes (%d):\n%s", n, all)
	}
	// Policy variables make adding Version a change of meaning.
	vars := `{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}}`
	if out, n, _ := Fixes([]byte(vars), Options{}, FixSafe); n != 0 || string(out) != vars {
		t.Errorf("with policy variables, --fix=safe changed:\n%s", out)
	}
}

// TestRemovalsNeedAForcedKind: removing an element a kind forbids is
// preferred only when the kind was forced; an inferred kind may be wrong.
func TestRemovalsNeedAForcedKind(t *testing.T) {
	trust := `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}}`
	for _, tc := range []struct {
		kind      Kind
		preferred bool
	}{{"", false}, {KindTrust, true}} {
		res := Analyze([]byte(trust), Options{Kind: tc.kind})
		f := fixOf(res, RuleTrustResource, `Remove "Resource"`)
		if f == nil || f.Preferred != tc.preferred || f.Safe {
			t.Errorf("kind %q: fix %+v, want preferred %v and not safe", tc.kind, f, tc.preferred)
		}
	}
	identity := `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}}`
	if f := fixOf(Analyze([]byte(identity), Options{Kind: KindIAMIdentity}), RuleIAMPrincipal, `Remove "Principal"`); f == nil || !f.Preferred {
		t.Errorf("forced iam-identity: fix %+v, want preferred", f)
	}
}

func fixOf(res *Result, rule, title string) *Fix {
	for _, d := range res.Diagnostics {
		for i, f := range d.Fixes {
			if d.Code == rule && f.Title == title {
				return &d.Fixes[i]
			}
		}
	}
	return nil
}

// TestOnlyPoliciesAreFixed (issue 13 item 7): a JSON file that is not a
// policy by its own content is never changed, even under a forced kind.
func TestOnlyPoliciesAreFixed(t *testing.T) {
	for _, src := range []string{
		`{"Version": "2021-05-01", "Name": "rules", "statement": [{"effect": "allow", "action": "SES:SendEmail",}]}`,
		`{"name": "app", "version": "1.0.0", "statement": {"Effect": "allow"}}`,
	} {
		for _, kind := range []Kind{"", KindIAMIdentity} {
			if out, n, _ := Fixes([]byte(src), Options{Kind: kind}, FixPreferred); n != 0 || string(out) != src {
				t.Errorf("kind %q: %s\nwas fixed to\n%s", kind, src, out)
			}
		}
	}
	if res := Analyze([]byte(`{"Version": "2012-10-17", "statement": []}`), Options{}); !res.Rewritable {
		t.Error("a policy with an IAM Version and a misspelt Statement is a policy")
	}
}

// TestNotElementRenames: a misspelling that reads as a Not element is not
// renamed without asking: an Allow with NotAction grants everything else.
func TestNotElementRenames(t *testing.T) {
	res := Analyze([]byte(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NoAction": "s3:DeleteBucket", "Resource": "*"}}`), Options{})
	if f := fixOf(res, RuleUnknownElement, `Rename to "NotAction"`); f == nil || f.Preferred {
		t.Errorf("NoAction -> NotAction: %+v, want offered, not preferred", f)
	}
	res = Analyze([]byte(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "notresource": "*"}}`), Options{})
	if f := fixOf(res, RuleUnknownElement, `Rename to "NotResource"`); f == nil || !f.Preferred || !f.Safe {
		t.Errorf("notresource -> NotResource: %+v, want preferred and safe (case only)", f)
	}
}
