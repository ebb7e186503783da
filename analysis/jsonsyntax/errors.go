package jsonsyntax

// ErrorCode classifies a syntax problem.
type ErrorCode uint8

// The error codes. Comments and trailing commas are accepted by the parser
// but reported, because IAM and SES reject them.
const (
	ErrUnexpectedEnd ErrorCode = iota + 1
	ErrInvalidToken
	ErrUnclosedString
	ErrInvalidEscape
	ErrControlCharacter
	ErrInvalidNumber
	ErrExpectedColon
	ErrExpectedValue
	ErrExpectedComma
	ErrExpectedKey
	ErrUnclosedObject
	ErrUnclosedArray
	ErrTrailingComma
	ErrComment
	ErrDuplicateKey
	ErrTooDeep
	ErrTrailingContent
	ErrEmptyDocument
	ErrTooLarge
	// ErrLeadingContent is text on the lines before a document that
	// starts on a later line with '{' (a shell line such as
	// `cat <<EOF > policy.json`); the document is parsed from the '{'.
	ErrLeadingContent
)

// Error is one syntax problem with its byte range [Start, End).
type Error struct {
	Code    ErrorCode
	Start   int
	End     int
	Message string
}
