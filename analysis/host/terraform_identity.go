package host

import (
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// An SES identity policy's resource names the identity it is attached to
// (aws_ses_identity_policy.identity, aws_sesv2_email_identity_policy.
// email_identity): a domain, an address or the identity's ARN, or a
// reference to the resource that declares the identity. When that resolves
// to a literal identity, the policy's Resource must name it (SES004).

// sesIdentityArguments: the argument of each SES identity policy resource
// that names its identity.
var sesIdentityArguments = map[string]string{
	"aws_ses_identity_policy":         "identity",
	"aws_sesv2_email_identity_policy": "email_identity",
}

// sesIdentityResources: the resources that declare an SES identity, and the
// argument holding its name.
var sesIdentityResources = map[string]string{
	"aws_ses_domain_identity":  "domain",
	"aws_ses_email_identity":   "email",
	"aws_sesv2_email_identity": "email_identity",
}

// identityName is the identity a literal names (a domain, an address, or
// the name in an identity ARN), or "" when it names no one identity.
func identityName(s string) string {
	if strings.HasPrefix(s, "arn:") {
		_, name, ok := strings.Cut(s, ":identity/")
		if !ok {
			return ""
		}
		s = name
	}
	if s == "" || strings.ContainsAny(s, "*?${}:/ \t\n") {
		return ""
	}
	return s
}

// identityReference is the address of the SES identity resource a
// reference's attribute names the identity of (aws_ses_domain_identity.x
// for aws_ses_domain_identity.x.domain, .arn or .id), or "".
func identityReference(resourceType, name, attribute string) string {
	argument, ok := sesIdentityResources[resourceType]
	if !ok || attribute != argument && attribute != "arn" && attribute != "id" {
		return ""
	}
	return resourceType + "." + name
}

// identityOf is the identity an HCL expression names: a literal string, or
// a reference to an identity the module declares literally.
func (m *TerraformModule) identityOf(expr hclsyntax.Expression) string {
	if w, ok := expr.(*hclsyntax.TemplateWrapExpr); ok {
		expr = w.Wrapped
	}
	if v, diags := expr.Value(nil); !diags.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
		return identityName(v.AsString())
	}
	t, diags := hcl.AbsTraversalForExpr(expr)
	if diags.HasErrors() || len(t) != 3 {
		return ""
	}
	name, ok1 := t[1].(hcl.TraverseAttr)
	attribute, ok2 := t[2].(hcl.TraverseAttr)
	if !ok1 || !ok2 {
		return ""
	}
	return m.Identities[identityReference(t.RootName(), name.Name, attribute.Name)]
}

var jsonIdentityReference = regexp.MustCompile(`^\$\{\s*([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\s*\}$`)

// identityOfJSON is identityOf for a .tf.json string (an HCL template).
func (m *TerraformModule) identityOfJSON(v *jsonsyntax.Node) string {
	if v == nil || v.Kind() != jsonsyntax.String {
		return ""
	}
	if r := jsonIdentityReference.FindStringSubmatch(v.Text()); r != nil {
		return m.Identities[identityReference(r[1], r[2], r[3])]
	}
	return identityName(v.Text())
}

// sesIdentity is the identity a resource's body attaches its SES identity
// policy to, or "".
func (m *TerraformModule) sesIdentity(body *hclsyntax.Body, resourceType string) string {
	if a := body.Attributes[sesIdentityArguments[resourceType]]; a != nil {
		return m.identityOf(a.Expr)
	}
	return ""
}

func (m *TerraformModule) sesIdentityJSON(body *jsonsyntax.Node, resourceType string) string {
	if argument, ok := sesIdentityArguments[resourceType]; ok {
		return m.identityOfJSON(valueOf(body, argument))
	}
	return ""
}

// declareIdentities records the literal identities a file's resources
// declare (aws_ses_domain_identity.x with domain = "example.com").
func (m *TerraformModule) declareIdentities(body *hclsyntax.Body) {
	for _, b := range body.Blocks {
		if b.Type != "resource" || len(b.Labels) != 2 {
			continue
		}
		if a := b.Body.Attributes[sesIdentityResources[b.Labels[0]]]; a != nil {
			if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
				m.declareIdentity(b.Labels[0]+"."+b.Labels[1], v.AsString())
			}
		}
	}
}

func (m *TerraformModule) declareIdentitiesJSON(root *jsonsyntax.Node) {
	for _, body := range bodies(valueOf(root, "resource")) {
		for _, typ := range body.Children() {
			argument, ok := sesIdentityResources[typ.Key().Text()]
			if !ok {
				continue
			}
			for _, named := range bodies(typ.Value()) {
				for _, res := range named.Children() {
					for _, rb := range bodies(res.Value()) {
						if v := valueOf(rb, argument); v != nil && v.Kind() == jsonsyntax.String && len(interpolations(v.Text())) == 0 {
							m.declareIdentity(typ.Key().Text()+"."+res.Key().Text(), v.Text())
						}
					}
				}
			}
		}
	}
}

func (m *TerraformModule) declareIdentity(address, value string) {
	if name := identityName(value); name != "" {
		m.Identities[address] = name
	}
}
