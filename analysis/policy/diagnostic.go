package policy

// Severity is how serious a finding is. The numbering matches LSP's
// DiagnosticSeverity so the server can convert without a table.
type Severity int

// The severities, most serious first.
const (
	SeverityError Severity = iota + 1
	SeverityWarning
	SeverityInfo
	SeverityHint
)

var severityNames = [...]string{"", "error", "warning", "info", "hint"}

// String returns "error", "warning", "info" or "hint".
func (s Severity) String() string {
	if s >= SeverityError && s <= SeverityHint {
		return severityNames[s]
	}
	return "unknown"
}

// ParseSeverity reads a severity name as written by String. "information"
// is accepted as a synonym of "info".
func ParseSeverity(name string) (Severity, bool) {
	switch name {
	case "error":
		return SeverityError, true
	case "warning":
		return SeverityWarning, true
	case "info", "information":
		return SeverityInfo, true
	case "hint":
		return SeverityHint, true
	}
	return 0, false
}

// Diagnostic is one finding. Start and End are byte offsets into the analysed
// source and cover exactly the offending value or key.
type Diagnostic struct {
	Code     string
	Severity Severity
	Message  string
	Start    int
	End      int
	// Fixes are the ways to resolve the finding, best first; often none.
	Fixes []Fix
}
