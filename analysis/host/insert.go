package host

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// PinpointRoleYAML is the Amazon Pinpoint email sending role as a YAML
// template resource: AWS's documented trust policy (tied to the stack's
// account) and SES permission policy, with partition, region and account
// from the stack. examples/pinpoint-email-role.yaml holds the same text.
const PinpointRoleYAML = `PinpointEmailRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Sid: AllowPinpoint
          Effect: Allow
          Principal:
            Service: pinpoint.amazonaws.com
          Action: sts:AssumeRole
          Condition:
            StringEquals:
              aws:SourceAccount: !Ref AWS::AccountId
    Policies:
      - PolicyName: PinpointUsesSESForEmailSends
        PolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Sid: PinpointUsesSESForEmailSends
              Effect: Allow
              Action:
                - ses:SendEmail
                - ses:SendRawEmail
              Resource:
                - !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*
                - !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/*
`

// InsertPinpointRole is the edit that adds the Amazon Pinpoint email
// sending role as the last member of a template's Resources, under a
// logical ID no resource has yet: in YAML, block-style Resources only,
// indented as its resources are; in JSON, at the template's own indentation
// (tabs or spaces), or on the same line in a template written compactly.
// The template's line breaks are kept.
func (r *Result) InsertPinpointRole(src []byte) (policy.Edit, bool) {
	res := r.resources
	if res == nil || res.Kind != jsonsyntax.Object || res.End > len(src) || res.Start >= res.End {
		return policy.Edit{}, false
	}
	taken := func(name string) bool {
		if r.resourceNames != nil {
			return r.resourceNames[name]
		}
		return member(res, name) != nil
	}
	name := "PinpointEmailRole"
	for i := 2; taken(name); i++ {
		name = "PinpointEmailRole" + strconv.Itoa(i)
	}
	nl := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n"
	}
	switch r.syntax {
	case YAML:
		return insertPinpointRoleYAML(src, res, name, nl)
	case JSON:
		return insertPinpointRoleJSON(src, res, name, nl)
	}
	return policy.Edit{}, false
}

func insertPinpointRoleYAML(src []byte, res *jsonsyntax.Value, name, nl string) (policy.Edit, bool) {
	if len(res.Members) == 0 {
		return policy.Edit{}, false
	}
	indent, own := indentBefore(src, res.Members[0].Key.Start)
	if !own || indent == "" || strings.TrimLeft(indent, " ") != "" {
		return policy.Edit{}, false // not a block mapping on lines of its own
	}
	var b strings.Builder
	text := strings.Replace(PinpointRoleYAML, "PinpointEmailRole:", name+":", 1)
	for line := range strings.SplitSeq(strings.TrimSuffix(text, "\n"), "\n") {
		b.WriteString(nl + indent + line)
	}
	// After the last line of Resources.
	at := res.End
	for at < len(src) && src[at] != '\n' && src[at] != '\r' {
		at++
	}
	return policy.Edit{Start: at, End: at, NewText: b.String()}, true
}

func insertPinpointRoleJSON(src []byte, res *jsonsyntax.Value, name, nl string) (policy.Edit, bool) {
	if src[res.Start] != '{' || src[res.End-1] != '}' {
		return policy.Edit{}, false
	}
	text := strings.Replace(pinpointRoleJSON, `"PinpointEmailRole":`, strconv.Quote(name)+":", 1)
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte("{"+text+"}")); err != nil {
		return policy.Edit{}, false
	}
	oneLine := compact.String()[1 : compact.Len()-1]
	outer, _ := indentBefore(src, res.Start) // the line of "Resources": {
	if len(res.Members) == 0 {
		inside := bytes.TrimSpace(src[res.Start+1 : res.End-1])
		if len(inside) != 0 {
			return policy.Edit{}, false
		}
		if !bytes.ContainsAny(src, "\r\n") {
			return policy.Edit{Start: res.Start + 1, End: res.End - 1, NewText: oneLine}, true
		}
		unit := indentUnit(src)
		return policy.Edit{Start: res.Start + 1, End: res.End - 1, NewText: nl + indentLevels(text, outer+unit, unit, nl) + nl + outer}, true
	}
	last := res.Members[len(res.Members)-1]
	if last.Value == nil || last.Value.End <= last.Key.Start {
		return policy.Edit{}, false
	}
	at := last.Value.End
	base, own := indentBefore(src, res.Members[0].Key.Start)
	if !own {
		// Members after the brace on its line: the template is written
		// compactly, and so is the role.
		return policy.Edit{Start: at, End: at, NewText: "," + oneLine}, true
	}
	unit, ok := strings.CutPrefix(base, outer)
	if !ok || unit == "" {
		unit = indentUnit(src)
	}
	return policy.Edit{Start: at, End: at, NewText: "," + nl + indentLevels(text, base, unit, nl)}, true
}

// indentBefore returns the whitespace that starts the line holding offset,
// and whether only whitespace precedes offset on that line.
func indentBefore(src []byte, offset int) (indent string, own bool) {
	lineStart := bytes.LastIndexByte(src[:offset], '\n') + 1
	before := src[lineStart:offset]
	trimmed := bytes.TrimLeft(before, " \t")
	return string(before[:len(before)-len(trimmed)]), len(trimmed) == 0
}

// indentUnit is one level of a JSON file's indentation: the whitespace
// that starts its first indented line (the first level), or two spaces.
func indentUnit(src []byte) string {
	for line := range bytes.SplitSeq(src, []byte("\n")) {
		trimmed := bytes.TrimLeft(line, " \t")
		if len(trimmed) > 0 && len(trimmed) < len(line) {
			return string(line[:len(line)-len(trimmed)])
		}
	}
	return "  "
}

// indentLevels writes text, indented one tab a level, with base before
// every line and unit for each tab.
func indentLevels(text, base, unit, nl string) string {
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString(nl)
		}
		rest := strings.TrimLeft(line, "\t")
		b.WriteString(base + strings.Repeat(unit, len(line)-len(rest)) + rest)
	}
	return b.String()
}

// pinpointRoleJSON is PinpointRoleYAML as a JSON template member, one tab
// a level (insertPinpointRoleJSON writes the template's own indentation).
const pinpointRoleJSON = `"PinpointEmailRole": {
	"Type": "AWS::IAM::Role",
	"Properties": {
		"AssumeRolePolicyDocument": {
			"Version": "2012-10-17",
			"Statement": [
				{
					"Sid": "AllowPinpoint",
					"Effect": "Allow",
					"Principal": {
						"Service": "pinpoint.amazonaws.com"
					},
					"Action": "sts:AssumeRole",
					"Condition": {
						"StringEquals": {
							"aws:SourceAccount": {"Ref": "AWS::AccountId"}
						}
					}
				}
			]
		},
		"Policies": [
			{
				"PolicyName": "PinpointUsesSESForEmailSends",
				"PolicyDocument": {
					"Version": "2012-10-17",
					"Statement": [
						{
							"Sid": "PinpointUsesSESForEmailSends",
							"Effect": "Allow",
							"Action": [
								"ses:SendEmail",
								"ses:SendRawEmail"
							],
							"Resource": [
								{"Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*"},
								{"Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/*"}
							]
						}
					]
				}
			}
		]
	}
}`
