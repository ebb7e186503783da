package completion

import "strings"

// Item is one completion proposal.
type Item struct {
	// Label is what the editor lists ("ses:SendEmail", "Action").
	Label string
	Kind  ItemKind
	// Detail is a short line shown beside the label (an access level, a
	// type, a service name).
	Detail string
	// Documentation is Markdown, or "".
	Documentation string

	// Edit replaces the partial token with the new text; AdditionalEdits
	// (a comma the new entry needs before it) never overlap it.
	Edit            Edit
	AdditionalEdits []Edit
	// Snippet reports that Edit.NewText uses snippet syntax (tab stops
	// $1, placeholders ${1:text}). Without Options.Snippets it never does.
	Snippet bool

	// FilterText is what editors match the typed text against; it is
	// written like the replaced range (quoted when the range starts with a
	// quote).
	FilterText string
	// SortText orders items; items of one answer sort in the order
	// Complete returns them.
	SortText  string
	Preselect bool
	// HostSyntax reports that Edit.NewText is already written in the
	// syntax of the file the policy is embedded in (Options.Host's words
	// and wrapping): the host writes it as it is, not as a JSON string.
	HostSyntax bool
}

// Edit replaces the bytes [Start, End) of the source with NewText.
type Edit struct {
	Start, End int
	NewText    string
}

// ItemKind says what an item proposes, for the editor's icon.
type ItemKind uint8

// The item kinds.
const (
	KindProperty  ItemKind = iota + 1 // a policy element or principal type
	KindValue                         // a fixed value (Allow, 2012-10-17)
	KindService                       // a service prefix (ses:)
	KindAction                        // an action (ses:SendEmail)
	KindOperator                      // a condition operator
	KindKey                           // a condition key
	KindReference                     // an ARN or a principal
	KindSnippet                       // a whole statement or policy
)

// Options carry what completion needs besides the document.
type Options struct {
	// Snippets reports that the editor accepts snippet syntax.
	Snippets bool
	// KindForced reports that the policy kind came from settings rather
	// than from inference; only then does an identity-based policy lose
	// Principal from its key proposals.
	KindForced bool
	// Partition, Region and AccountID fill ARN templates; empty ones
	// become placeholders. They are validated by analysis/config.
	Partition, Region, AccountID string
	// Host, when set, says how the file the policy is embedded in names
	// an ARN's partition, region and account: ARN templates are then
	// offered in that form too, above the literal ones.
	Host *Host
}

// Host describes, for ARN templates, the file a policy is embedded in (a
// CloudFormation template, a Terraform module). Completion stays unaware of
// which: the server fills this from the host's analysis.
type Host struct {
	// Partition, Region and Account are the host's expressions for an
	// ARN's fields inside a string the host evaluates ("${AWS::Region}",
	// "${data.aws_region.current.region}"); "" where it has none.
	Partition, Region, Account string
	// Open and Close turn a double-quoted string into one the host
	// evaluates ("!Sub " and "", `{"Fn::Sub": ` and "}"); both empty when
	// the host evaluates every string (Terraform).
	Open, Close string
	// StringStart and StringEnd, when StringEnd > StringStart, are the
	// double-quoted string (quotes included) inside a value the host
	// already evaluates, such as a !Sub's template: a cursor inside it
	// completes that string, and items there are not wrapped again.
	StringStart, StringEnd int
}

// word returns the host's expression for an ARN placeholder, or "".
func (h *Host) word(name string) string {
	switch {
	case strings.EqualFold(name, "Partition"):
		return h.Partition
	case strings.EqualFold(name, "Region"):
		return h.Region
	case strings.EqualFold(name, "Account"), strings.EqualFold(name, "AccountId"):
		return h.Account
	}
	return ""
}

// List is the answer to one completion request.
type List struct {
	Items []Item
	// Incomplete reports that typing further may change the answer in ways
	// editor-side filtering cannot reproduce (service prefixes before the
	// colon, wildcard patterns), so the editor should ask again.
	Incomplete bool
}
