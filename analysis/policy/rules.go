package policy

// Rule describes one check: its stable ID, default severity, the kinds it
// applies to (nil means every kind) and a one-line summary for docs, SARIF and
// hover. IDs never change meaning once released.
type Rule struct {
	ID       string
	Severity Severity
	Kinds    []Kind
	Summary  string
	// Why says in a sentence or two why the rule exists and what to do.
	Why string
}

// The rule IDs. JSON rules are about the document's syntax, POL rules about
// the policy grammar shared by every kind, and IAM, SES and TRUST rules about
// one kind each.
const (
	RuleSyntax         = "JSON001"
	RuleDuplicateKey   = "JSON002"
	RuleComment        = "JSON003"
	RuleTrailingComma  = "JSON004"
	RuleTooDeep        = "JSON005"
	RuleTooLarge       = "JSON006"
	RuleUnknownElement = "POL001"
	RuleWrongType      = "POL002"
	RuleNoVersion      = "POL003"
	RuleBadVersion     = "POL004"
	RuleOldVariables   = "POL005"
	RuleNoStatement    = "POL006"
	RuleEmptyStatement = "POL007"
	RuleNoEffect       = "POL008"
	RuleBadEffect      = "POL009"
	RuleNoAction       = "POL010"
	RuleNoResource     = "POL011"
	RuleNoPrincipal    = "POL012"
	RuleExclusivePair  = "POL013"
	RuleDuplicateSid   = "POL014"
	RuleBareStatement  = "POL015"
	RuleIAMSize        = "IAM001"
	RuleIAMSid         = "IAM002"
	RuleIAMPrincipal   = "IAM003"
	RuleSESSize        = "SES001"
	RuleSESSizeAsIs    = "SES002"
	RuleTrustSize      = "TRUST001"
	RuleTrustResource  = "TRUST002"
	RuleTrustNotPrinc  = "TRUST003"

	RuleActionUnknownService  = "ACT001"
	RuleActionUnknown         = "ACT002"
	RuleActionNoMatch         = "ACT003"
	RuleActionServiceWildcard = "ACT004"
	RuleActionCase            = "ACT005"
	RuleActionRedundant       = "ACT006"
	RuleActionShape           = "ACT007"
	RuleSESAction             = "SES003"
	RuleTrustAction           = "TRUST004"

	RuleARNSyntax      = "RES001"
	RuleARNNoType      = "RES002"
	RuleActionResource = "RES003"
	RulePlaceholder    = "RES004"
	RuleARNFields      = "RES005"

	RuleOperatorUnknown   = "CND001"
	RuleOperatorCase      = "CND002"
	RuleKeyUnknown        = "CND003"
	RuleKeyNotApplicable  = "CND004"
	RuleOperatorType      = "CND005"
	RuleConditionValue    = "CND006"
	RuleWildcardNoLike    = "CND007"
	RuleNullUse           = "CND008"
	RuleQualifier         = "CND009"
	RuleForAllValuesAllow = "CND010"
	RulePrivateIP         = "CND011"
	RuleHostBits          = "CND012"
	RuleDeadSourceKey     = "CND013"
	RuleMFABool           = "CND014"
	RuleSESConditionKey   = "SES005"

	RulePrincipal          = "PRN001"
	RuleServicePrincipal   = "PRN002"
	RuleServiceNoSource    = "PRN003"
	RuleRefererOnly        = "PRN004"
	RuleSESServiceDelegate = "SES011"
	RuleSESResource        = "SES004"
	RuleSESOpenGrant       = "SES006"
	RuleSESManagement      = "SES007"
	RuleSESSendPath        = "SES008"
	RuleTrustMismatch      = "TRUST005"
	RuleTrustOpen          = "TRUST006"
	RuleConfusedDeputy     = "TRUST007"
	RuleCognitoAudience    = "TRUST008"
	RuleGitHubSubject      = "TRUST009"
	RuleGitHubRepoOpen     = "TRUST010"
	RuleSessionActions     = "TRUST011"
	RulePinpointLifecycle  = "PIN001"
	RuleAllowWithNot       = "SEC001"
	RuleFullAccess         = "SEC002"
	RulePassRole           = "SEC003"
	RuleServiceWildcard    = "SEC004"
	RuleDependentAction    = "ACT008"
	RuleSESAPIVersion      = "SES009"
	RuleSESFromAddress     = "SES010"
)

var (
	onlyIAM   = []Kind{KindIAMIdentity}
	onlySES   = []Kind{KindSESIdentity}
	onlyTrust = []Kind{KindTrust}
	// sesAndIAM are the kinds whose statements name SES identities in
	// Resource: identity policies of SES and identity-based IAM policies.
	sesAndIAM = []Kind{KindSESIdentity, KindIAMIdentity}
	// granting are the kinds whose Allow statements grant access; RCPs and
	// SCPs only cap what other policies grant.
	granting = []Kind{KindSESIdentity, KindIAMIdentity, KindTrust, KindUnknown}
)

// rules is the catalogue of every rule, in documentation order.
var rules = []Rule{
	{RuleSyntax, SeverityError, nil, "JSON syntax error",
		"IAM and SES reject documents that are not valid JSON. The parser keeps going after an error, so every problem is reported at once and the rest of the policy is still checked."},
	{RuleDuplicateKey, SeverityError, nil, "A key appears twice in one object",
		"JSON readers disagree on which copy of a repeated key wins, and IAM refuses some duplicates outright. Keep one."},
	{RuleComment, SeverityError, nil, "Comments are not allowed in policy JSON",
		"JSON has no comments and IAM and SES refuse them. Use the Sid or the policy name to describe a statement."},
	{RuleTrailingComma, SeverityError, nil, "Trailing commas are not allowed in policy JSON",
		"A comma after the last element is accepted by JavaScript but not by JSON, IAM or SES."},
	{RuleTooDeep, SeverityError, nil, "Nesting is too deep to analyse",
		"Policies nest a few levels at most; values nested more than 128 levels are skipped so a hostile document cannot exhaust the parser."},
	{RuleTooLarge, SeverityError, nil, "Document is too large to analyse",
		"IAM accepts at most 131,072 characters in any policy. Documents over 256 KiB are checked for syntax only, and documents over 1 MiB are not parsed at all, so an editor never stalls on a data dump."},
	{RuleUnknownElement, SeverityError, nil, "Unknown policy element (with a suggestion for wrong case or spelling)",
		"Element names are case-sensitive and IAM refuses unknown ones. A wrong case or a stray plural gets a suggestion."},
	{RuleWrongType, SeverityError, nil, "Policy element has the wrong JSON type",
		"Each element has one JSON shape: Effect is a string, Statement an object or array of objects, Action and Resource a string or array of strings, Condition an object of operators."},
	{RuleNoVersion, SeverityWarning, nil, "Version is missing",
		"Without Version, IAM evaluates the policy as 2008-10-17, where policy variables such as ${aws:username} are plain text."},
	{RuleBadVersion, SeverityError, nil, "Version is not 2012-10-17 or 2008-10-17",
		"IAM knows only 2012-10-17 and 2008-10-17. SES accepts any string, so there the finding is a warning."},
	{RuleOldVariables, SeverityWarning, nil, "Policy variables need Version 2012-10-17",
		"Policy variables are substituted only under Version 2012-10-17; otherwise the ${...} text is compared literally and the statement silently matches nothing."},
	{RuleNoStatement, SeverityError, nil, "Statement is missing",
		"A policy needs at least one statement."},
	{RuleEmptyStatement, SeverityError, nil, "Statement is empty",
		"An empty Statement array grants and denies nothing; AWS refuses it."},
	{RuleNoEffect, SeverityError, nil, "Effect is missing",
		"Every statement must say whether it allows or denies."},
	{RuleBadEffect, SeverityError, nil, "Effect is not exactly Allow or Deny",
		"Effect is case-sensitive and is exactly Allow or Deny."},
	{RuleNoAction, SeverityError, nil, "Action or NotAction is missing",
		"Every statement needs Action or NotAction."},
	{RuleNoResource, SeverityError, []Kind{KindIAMIdentity, KindSESIdentity, KindRCP, KindSCP, KindUnknown}, "Resource or NotResource is missing",
		"Identity-based and resource-based policies, RCPs and SCPs need Resource or NotResource in every statement (trust policies are the exception: they must not have one)."},
	{RuleNoPrincipal, SeverityError, []Kind{KindSESIdentity, KindTrust}, "Principal is missing",
		"SES identity policies and trust policies are resource-based: each statement must name who it applies to."},
	{RuleExclusivePair, SeverityError, nil, "An element and its Not form appear in one statement",
		"Action and NotAction, Resource and NotResource, Principal and NotPrincipal exclude each other within a statement."},
	{RuleDuplicateSid, SeverityWarning, nil, "Two statements share a Sid",
		"Sids name statements; IAM requires them to be unique in identity-based policies (an error there) and they should be unique elsewhere."},
	{RuleBareStatement, SeverityInfo, nil, "A statement on its own, not a policy",
		"IAM, SES and Organizations take a whole policy: Version and a Statement list. A file holding one statement object (as Terraform and CloudFormation templates keep them) is a fragment; its elements are still checked, and the fix wraps it in a policy."},
	{RuleIAMSize, SeverityError, onlyIAM, "Identity policy exceeds 6,144 characters",
		"A managed policy holds at most 6,144 characters, whitespace not counted."},
	{RuleIAMSid, SeverityError, onlyIAM, "Sid has characters other than letters and digits",
		"In identity-based policies a Sid may contain only ASCII letters and digits. SES identity policies accept any string."},
	{RuleIAMPrincipal, SeverityError, []Kind{KindIAMIdentity, KindSCP}, "Principal or NotPrincipal in an identity-based policy or SCP",
		"An identity-based policy applies to the identity it is attached to, and a service control policy to every principal of the accounts it is attached to; naming a principal is refused."},
	{RuleSESSize, SeverityError, onlySES, "SES identity policy exceeds 4 KB",
		"SES identity policies are limited to 4 KB. Split the grants into several policies (up to 20 per identity)."},
	{RuleSESSizeAsIs, SeverityWarning, onlySES, "SES identity policy exceeds 4 KB as written (fits when minified)",
		"SES counts the document as uploaded. The policy fits once whitespace is removed, so minify it before uploading."},
	{RuleTrustSize, SeverityWarning, onlyTrust, "Trust policy exceeds the default 2,048-character quota",
		"Role trust policies are limited to 2,048 characters by default (whitespace not counted); the quota can be raised."},
	{RuleTrustResource, SeverityError, onlyTrust, "Resource or NotResource in a trust policy",
		"A trust policy's resource is the role itself; IAM refuses Resource and NotResource in it. Fix-all removes it only when the kind is set by --kind or settings: a guessed kind can be wrong."},
	{RuleTrustNotPrinc, SeverityError, onlyTrust, "NotPrincipal in a trust policy",
		"IAM refuses NotPrincipal in role trust policies; name the principals allowed to assume the role."},
	{RuleActionUnknownService, SeverityError, nil, "Unknown service prefix in an action",
		"The prefix before the colon names the AWS service. A misspelt prefix grants nothing; the closest known prefix is suggested. Fix-all renames it only under the rule of ACT002."},
	{RuleActionUnknown, SeverityError, nil, "Unknown action",
		"The action is not in the catalogue of every AWS action (see policyls version for its date). A typo grants nothing; the closest actions of the service are suggested. Since any rename grants something, fix-all (and check --fix=all) applies one only when a single action is within two typos and it is one typo away, has the access level the typed verb stands for (a Get, List or Describe never becomes a Put, Set or Delete), and is not a permissions-management or privilege-escalation action such as iam:PassRole or sts:AssumeRole: those are yours to choose."},
	{RuleActionNoMatch, SeverityError, nil, "Action pattern matches no action",
		"A wildcard pattern that matches no action of the service grants nothing."},
	{RuleActionServiceWildcard, SeverityWarning, nil, "Wildcard in the service prefix of an action",
		"A wildcard in the prefix (s*:Get*) matches actions of every service whose prefix fits, today and in future."},
	{RuleActionCase, SeverityHint, nil, "Action spelt in a different case than AWS spells it",
		"AWS compares action names without regard to case, so SES:SendEmail works (the Terraform provider's examples and the SNS console write such prefixes); the hint only offers the usual spelling, and policyls check does not report hints unless asked (--hints)."},
	{RuleActionRedundant, SeverityHint, nil, "Action already covered by another entry",
		"An entry that repeats another, or that a wildcard entry of the same list already matches, adds nothing."},
	{RuleActionShape, SeverityError, nil, "Action is not written service:ActionName",
		"Actions are written as the service prefix, a colon and the action name, or as a lone \"*\"."},
	{RuleSESAction, SeverityError, onlySES, "Action an SES identity policy does not accept",
		"SES identity (sending authorization) policies accept only SES's sending actions and identity-management actions. A wildcard may also match other actions (Amazon Pinpoint's developer guide grants \"ses:*\" to pinpoint.amazonaws.com): only the identity's actions take effect, so a wildcard is flagged, as a warning, only when it matches none of them."},
	{RuleTrustAction, SeverityError, onlyTrust, "Action a trust policy does not grant",
		"A role trust policy grants starting a session (sts:AssumeRole and its variants, TagSession, SetSourceIdentity, SetContext); other permissions belong in the role's permission policy."},
	{RuleARNSyntax, SeverityError, nil, "Malformed ARN",
		"An ARN is arn:partition:service:region:account:resource with a known partition, a known lowercase service prefix, a region of that partition and a 12-digit account (wildcards and policy variables allowed in every field but the service). API Gateway resource policies may write the short form execute-api:/stage/METHOD/path (execute-api:/* for the whole API), which API Gateway expands to the API's ARN."},
	{RuleARNNoType, SeverityWarning, nil, "ARN matches no resource type of its service",
		"The resource part of the ARN fits none of the service's ARN formats, so it names nothing (often a misspelt resource type such as identities/ for identity/). AWS-owned resources without a resource type of their own (arn:aws:cloudformation:*:aws:transform/*) are accepted."},
	{RuleActionResource, SeverityWarning, nil, "Action cannot act on any resource of its statement",
		"An action is granted only on resources of the types it acts on; an action without resource-level permissions only with \"Resource\": \"*\" or an ARN that is a full wildcard of its service (arn:aws:s3:::* for s3:ListAllMyBuckets, as the IAM User Guide writes it). Otherwise the statement grants it nothing. A wildcard action of one service (es:*) is reported when none of the actions it covers acts on any of the resources (es:* on a Lambda function ARN); a prefix shared by two services (elasticloadbalancing: Classic and v2) takes the resource types of both."},
	{RulePlaceholder, SeverityWarning, nil, "Placeholder left from AWS's documentation",
		"AWS's examples write partition, region and accountId for the reader to replace; left in place they match nothing. Also recognised, in ARNs, principals and condition values: <account-id> and other <...> words, __ACCOUNT_ID__, YOUR_... and your-... words, account words such as ACCOUNT_ID, and organization IDs such as my-org-id. Policy variables (${aws:username}) and template expressions ({{...}}) are not placeholders, and 12-digit accounts never are, even AWS's documentation accounts."},
	{RuleARNFields, SeverityError, nil, "ARN has a region or account its resource type does not take, or lacks one it needs",
		"IAM ARNs have no region and S3 bucket ARNs have neither region nor account, while most other resource types need both. AWS-owned resources have an empty account or the account aws (SSM documents, public parameters and runbooks: arn:aws:ssm:*::document/*; AWS managed policies: arn:aws:iam::aws:policy/...) and are accepted."},
	{RuleOperatorUnknown, SeverityError, nil, "Unknown condition operator",
		"Operators are a base name (StringEquals, ArnLike, NumericLessThan, Bool, IpAddress, Null, ...), optionally with IfExists and a ForAllValues: or ForAnyValue: prefix. A misspelt one makes AWS refuse the policy; the closest names are suggested."},
	{RuleOperatorCase, SeverityWarning, nil, "Condition operator in a different case than AWS spells it",
		"Write operators exactly as AWS documents them."},
	{RuleKeyUnknown, SeverityError, nil, "Unknown condition key",
		"The key is neither an AWS-wide key nor a key of the service its prefix names. A condition on a key no request carries never matches, so a rename changes what the statement matches: fix-all applies one only when the case alone differs."},
	{RuleKeyNotApplicable, SeverityWarning, nil, "Condition key not supported by the statement's actions",
		"Service keys are only in the requests of the actions that support them; on other actions the condition cannot match as intended."},
	{RuleOperatorType, SeverityWarning, nil, "Operator does not fit the key's type",
		"Each key has a type (String, ARN, Numeric, Date, Bool, IP address, Binary) and is compared with the matching operator family. A String operator on an ARN key works (ARNs are strings): StringEquals gets only a hint towards ArnEquals, which compares field by field; StringLike, as AWS's own examples write it, is not flagged. The other way round, an Arn operator on a String key whose values are all ARNs (kms:EncryptionContext:aws:logs:arn in CloudWatch Logs' key policies) is not flagged either."},
	{RuleConditionValue, SeverityWarning, nil, "Condition value does not fit the operator",
		"Numeric operators need numbers, Date operators ISO 8601 dates or epoch seconds, Bool true or false, IpAddress addresses or CIDR ranges, Binary base64."},
	{RuleWildcardNoLike, SeverityWarning, nil, "Wildcard in a value of an operator that compares literally",
		"StringEquals and its relatives compare * and ? as plain characters; StringLike treats them as wildcards."},
	{RuleNullUse, SeverityError, nil, "Null used wrongly",
		"Null tests whether a key is absent (true) or present (false); it takes no IfExists and no set qualifier."},
	{RuleQualifier, SeverityWarning, nil, "Set qualifier missing on a multivalued key, or used on a single-valued key",
		"Keys that hold a set of values, such as ses:Recipients or aws:TagKeys, need ForAllValues: or ForAnyValue:. Single-valued keys need none; ForAllValues: on them is also true when the key is absent. Null needs none either: it asks whether the key is there at all, and \"Null\": {\"aws:TagKeys\": \"false\"} beside ForAllValues is the IAM User Guide's way to require it."},
	{RuleForAllValuesAllow, SeverityHint, nil, "ForAllValues: in Allow also matches requests without the key",
		"An empty set satisfies ForAllValues:, so an Allow statement also applies when the key is missing. ses:Recipients is always present on sends, so the usual SES pattern is not flagged, nor is a statement that also requires the key with \"Null\": {key: \"false\"}."},
	{RulePrivateIP, SeverityWarning, nil, "Private address range in aws:SourceIp",
		"aws:SourceIp holds the public address a request comes from; requests through a VPC endpoint carry aws:VpcSourceIp instead, so private ranges never match."},
	{RuleHostBits, SeverityHint, nil, "CIDR range with host bits set",
		"203.0.113.7/24 means 203.0.113.0/24; writing the network address says what is meant."},
	{RuleDeadSourceKey, SeverityWarning, nil, "aws:SourceAccount, aws:SourceArn or aws:SourceOrgID required of accounts, roles or users",
		"These keys are in a request only when an AWS service principal makes it (IAM User Guide, AWS global condition context keys: aws:SourceAccount is only available when the call to your resource is made directly by an AWS service principal). An Allow statement whose principals are all accounts, roles or users and whose condition requires one of them never matches; to limit which accounts may call, use aws:PrincipalAccount, aws:PrincipalArn or aws:PrincipalOrgID. Conditions that also pass when the key is absent (negated operators, IfExists, ForAllValues:, Null) are left alone."},
	{RuleMFABool, SeverityWarning, nil, "Deny on \"Bool\": {\"aws:MultiFactorAuthPresent\": \"false\"} misses long-term keys",
		"Requests signed with an IAM user's long-term access keys carry no aws:MultiFactorAuthPresent at all, and Bool never matches a missing key, so such a Deny lets them through without MFA. AWS recommends BoolIfExists, which matches when the key is false or absent (IAM User Guide, aws:MultiFactorAuthPresent; AWS re:Post knowledge center, mfa-iam-user-aws-cli). The fix is offered, not applied by fix-all: it makes the Deny match more requests."},
	{RuleSESConditionKey, SeverityError, onlySES, "Condition key SES identity policies do not accept",
		"SES identity policies accept eight AWS-wide keys (aws:CurrentTime, aws:EpochTime, aws:SecureTransport, aws:SourceIp, aws:SourceVpc, aws:SourceVpce, aws:UserAgent, aws:VpcSourceIp), aws:SourceAccount, aws:SourceArn and aws:PrincipalOrgID, and the sending keys ses:FromAddress, ses:FromDisplayName, ses:Recipients and ses:FeedbackAddress. Other keys are errors, except aws:PrincipalArn: SES accepts it on production identities though its guide does not list it, so it is a warning."},
	{RulePrincipal, SeverityError, nil, "Malformed principal",
		"AWS principals are 12-digit account IDs, IAM or STS ARNs without wildcards, or \"*\"; Federated principals are the ARN of an IAM SAML or OIDC provider (iam service, no region, a 12-digit account, saml-provider/Name or oidc-provider/host, no wildcard) or a built-in web identity provider; CanonicalUser IDs are 64 hex characters and S3-only."},
	{RuleServicePrincipal, SeverityError, nil, "Service principal misspelt or unknown",
		"Service principals look like <service>.amazonaws.com. A malformed one (pinpoint.amazon.com) is an error with a suggestion, which fix-all applies only when the case alone differs: another name is another principal. The list of known principals comes from the team's facts and every principal AWS's managed policies name; regional (states.us-east-1.amazonaws.com) and China (.amazonaws.com.cn) forms of a known one are accepted. A well-formed name not on the list may still be real, so it is at most info: a question with a suggestion that is never applied automatically (unless only the case differs), or a hint when nothing is close."},
	{RuleServiceNoSource, SeverityWarning, []Kind{KindSESIdentity, KindUnknown}, "Service principal granted access in a resource policy without aws:SourceAccount or aws:SourceArn (confused deputy)",
		"A service principal such as ses.amazonaws.com, cloudtrail.amazonaws.com or delivery.logs.amazonaws.com acts for every AWS account. In an SES identity, S3 bucket, SNS topic or other resource policy, an Allow for it without a positive aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths condition lets another account point the service at your resource. Only services whose documentation asks for these keys are checked (the list, with its sources, is in analysis/policy/check_deputy.go); Deny statements and policies that only limit are not. The fix adding aws:SourceAccount is never applied automatically: the right account is not always yours (central logging buckets)."},
	{RuleRefererOnly, SeverityWarning, []Kind{KindSESIdentity, KindUnknown}, "aws:Referer is the only control on a service principal",
		"Old templates tied ses.amazonaws.com to an account with aws:Referer. The IAM User Guide warns that aws:Referer must not be used to keep unauthorized parties from making AWS requests, since callers can send any value; use aws:SourceAccount or aws:SourceArn. A fix renames the key when its values are account IDs."},
	{RuleSESResource, SeverityError, onlySES, "Resource is not the ARN of one SES identity",
		"An SES identity policy is attached to one verified identity and its Resource is that identity's ARN. Other SES resource types and other services are errors; \"*\", identity/* and several identities are warnings. When the host names the identity the policy is attached to (Terraform's aws_ses_identity_policy identity or aws_sesv2_email_identity_policy email_identity, written literally or as a reference to an identity the module declares literally), a Resource naming another identity is an error that names the attached one; the names are compared without regard to case, and a Resource whose identity is filled in on deployment is not compared."},
	{RuleSESOpenGrant, SeverityWarning, onlySES, "Identity opened to every AWS account",
		"Principal \"*\" in an Allow statement without a restricting condition lets any AWS account send as (or manage) your identity."},
	{RuleSESManagement, SeverityWarning, onlySES, "Identity management granted to another account",
		"Delegate senders need the sending actions; management actions (DKIM, policies, deletion) given to another account let it take over the identity's settings."},
	{RuleSESSendPath, SeverityHint, onlyIAM, "SES send permission scoped to identity ARNs only",
		"SES authorises a send against the identity, the configuration set used and, for templated sends, the template. A permission policy naming only identity ARNs fails as soon as a configuration set is involved (the most common production failure)."},
	{RuleTrustMismatch, SeverityError, onlyTrust, "Assume action does not fit the principal type",
		"SAML providers assume roles with sts:AssumeRoleWithSAML, OIDC and web identity providers with sts:AssumeRoleWithWebIdentity, accounts, roles and services with sts:AssumeRole. A federated action that none of the statement's providers can use is reported on the action (a warning when the right one is granted too). The finding sits on the Action value, where the fix goes. A statement that grants a provider only sts:TagSession (or SetSourceIdentity, SetContext) beside another that grants it the assume action is fine: the IAM User Guide's session-tags example does that."},
	{RuleTrustOpen, SeverityWarning, onlyTrust, "Any principal may assume the role",
		"Principal \"*\" without any condition lets every AWS principal assume the role."},
	{RuleConfusedDeputy, SeverityWarning, onlyTrust, "Service principal not tied to your account (confused deputy)",
		"A service that assumes roles for many accounts (Pinpoint, SES, AWS End User Messaging SMS, Config, CloudTrail, CloudWatch Logs, SNS and the others whose documentation asks for the keys; the list, with its sources, is in analysis/policy/check_deputy.go) can be made to act for another account unless the trust policy requires a positive aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths. Ordinary service roles (Lambda, EC2, ECS tasks, Application Auto Scaling, EKS Pod Identity...), whose documentation publishes unconditioned trust policies, are not flagged. A Cognito user pool's SMS role (cognito-idp.amazonaws.com) needs sts:ExternalId, as Cognito's guide shows. When both keys are present they must name the same account. The fix adds aws:SourceAccount with the configured account (then preferred, unless the statement also names an account, role or unlisted service, which the condition would lock out), else the one account the policy's ARNs name, else AWS's example account 111122223333 for you to replace."},
	{RuleCognitoAudience, SeverityError, onlyTrust, "Cognito identity pool principal without an audience condition",
		"A role trusted by cognito-identity.amazonaws.com must name the identity pools that may assume it with a positive cognito-identity.amazonaws.com:aud condition; IAM refuses a trust policy that lets any identity pool in."},
	{RuleGitHubSubject, SeverityWarning, onlyTrust, "GitHub Actions role open to every repository",
		"GitHub's OIDC provider issues tokens to workflows in every repository on GitHub. Without a positive condition on token.actions.githubusercontent.com:sub, any of them can assume the role; IAM and GitHub both recommend one."},
	{RuleGitHubRepoOpen, SeverityWarning, onlyTrust, "GitHub Actions subject condition does not pin a repository",
		"A sub value such as \"*\", \"repo:*\" or \"repo:*/app:*\" matches workflows of repositories you do not own (a warning); \"repo:my-org/*\" matches every repository of the organisation (information). Name the repository, and a branch or environment where you can."},
	{RuleSESFromAddress, SeverityWarning, sesAndIAM, "ses:FromAddress the statement's identities can never send from",
		"SES authorises a send against the identity of its From address: a domain identity covers addresses at that domain (and its subdomains), an email address identity that one address. A ses:FromAddress value outside every identity the statement names never matches, so that part of the grant does nothing; usually the address or the identity is mistyped."},
	{RuleSESServiceDelegate, SeverityWarning, onlySES, "ses.amazonaws.com named as a delegate in an SES identity policy",
		"An SES identity policy (sending authorization) lets other senders use your identity. SES itself needs no grant to send for your own identities, so ses.amazonaws.com as the principal grants nothing useful and usually means the policy was meant for another resource (an S3 bucket or SNS topic that SES writes to) or for the service that really sends (pinpoint.amazonaws.com, email.cognito-idp.amazonaws.com)."},
	{RuleSessionActions, SeverityError, onlyTrust, "Service that tags its sessions trusted without the session actions",
		"IAM Roles Anywhere sets the session's source identity and tags from the client certificate, and EKS Pod Identity tags the session with the pod's cluster, namespace and service account. A role trusted by rolesanywhere.amazonaws.com must grant sts:SetSourceIdentity and sts:TagSession besides sts:AssumeRole, one trusted by pods.eks.amazonaws.com sts:TagSession; without them no session can be created."},
	{RulePinpointLifecycle, SeverityInfo, nil, "Amazon Pinpoint engagement features reached end of support: is the grant still needed?",
		"Amazon Pinpoint's segments, campaigns, journeys and analytics reached end of support on 2026-10-30. Policies for them still work, so the note only asks, once per statement, whether the grant is still needed. The SMS, voice, push, OTP and phone-number-validation APIs (mobiletargeting:SendMessages, SendUsersMessages and their channels) carry on in AWS End User Messaging and are not asked about, nor is an entry that already has an error."},
	{RuleAllowWithNot, SeverityWarning, granting, "Allow with NotAction, NotResource or NotPrincipal",
		"Allow with a Not element grants everything except what is listed, including whatever AWS adds later."},
	{RuleFullAccess, SeverityWarning, granting, "Every action on every resource granted",
		"In an identity policy \"Action\": \"*\" with \"Resource\": \"*\" is full administrator access. In a resource-based policy it gives the principals full control of what the policy is attached to: a warning for named principals, information for whole accounts policyls cannot tell from the owner and for \"*\" without a condition, which is the full-access default of VPC endpoint policies and resource control policies (they only limit what other policies grant). Never on Deny, on the resource owner's own account, on \"*\" narrowed by a condition, or in a VPC endpoint policy written the way AWS's data perimeter guidance writes them: every principal \"*\" and some statement testing aws:ResourceOrgID, aws:ResourceOrgPaths or aws:ResourceAccount."},
	{RulePassRole, SeverityWarning, granting, "iam:PassRole on every role without iam:PassedToService",
		"Passing any role to any service lets the holder act with that role's permissions; name the roles and restrict the services with iam:PassedToService."},
	{RuleServiceWildcard, SeverityWarning, granting, "Every action of a service granted",
		"service:* grants every action of the service, including actions added later (and \"*\" on named resources, for any principal, is told the same). In an Allow that is a least-privilege suggestion (information), and a warning for the services that control access themselves (iam, sts, kms, organizations) or when any principal may use it (\"*\" without a restricting condition). Never on Deny, on a grant to the resource owner's own account (its root, as in the default key policy's kms:* for the key account, or a service principal tied to it by aws:SourceAccount or aws:SourceArn, as in Amazon Pinpoint's ses:* on an SES identity), or in a VPC endpoint policy (see SEC002). The owner is policyls.accountId when set, else the account of the statement's Resource ARNs, else the one account the document names; when several accounts leave it open, a whole-account grant is information."},
	{RuleDependentAction, SeverityHint, onlyIAM, "Action needs another action the policy does not grant",
		"Some actions only succeed when the caller may also perform another one (AWS lists them as dependent actions), such as iam:PassRole for Mail Manager rule sets."},
	{RuleSESAPIVersion, SeverityWarning, nil, "Action outside the SES API version the statement is limited to",
		"SES v1, SES v2, Mail Manager and the legacy Pinpoint Email API share the ses: prefix. Under an ses:ApiVersion condition for one version, actions that exist only in another never pass."},
}

var ruleIndex = func() map[string]*Rule {
	m := make(map[string]*Rule, len(rules))
	for i := range rules {
		m[rules[i].ID] = &rules[i]
	}
	return m
}()

// Rules returns every rule in documentation order. The slice is shared:
// callers must not modify it.
func Rules() []Rule { return rules }

// RuleByID returns the rule with the given ID.
func RuleByID(id string) (Rule, bool) {
	r, ok := ruleIndex[id]
	if !ok {
		return Rule{}, false
	}
	return *r, true
}
