#!/usr/bin/env python3
"""Writes the module BENCHMARKS.md's Terraform figures measure: DIR/tf holds
50 .tf files, each with three aws_iam_policy jsonencode policies (two
statements, one condition) and three aws_iam_policy_document data sources
(two statements, one condition block) used by aws_iam_role_policy; DIR/json
holds the same 300 policies as JSON files. Each policy has one misspelt
action, so both folders give 300 findings.

    python3 tools/bench/terraform-module.py /tmp/tfmod
    policyls check /tmp/tfmod/tf; policyls check /tmp/tfmod/json
"""
import json
import os
import sys

out = sys.argv[1]
os.makedirs(os.path.join(out, "tf"), exist_ok=True)
os.makedirs(os.path.join(out, "json"), exist_ok=True)


def write_json(name, doc):
    with open(os.path.join(out, "json", name), "w") as f:
        json.dump(doc, f, indent=2)


for i in range(50):
    parts = []
    for j in range(3):
        parts.append(f'''resource "aws_iam_policy" "p{i}_{j}" {{
  name = "p{i}_{j}"
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{
        Sid      = "Send{j}"
        Effect   = "Allow"
        Action   = ["ses:SendEmial", "ses:SendRawEmail"]
        Resource = "arn:aws:ses:us-east-1:123456789012:identity/example{j}.com"
        Condition = {{ StringEquals = {{ "ses:FromAddress" = "noreply@example{j}.com" }} }}
      }},
      {{
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "arn:aws:s3:::bucket{i}/*"
      }}
    ]
  }})
}}
''')
        write_json(f"a{i}_{j}.json", {"Version": "2012-10-17", "Statement": [
            {"Sid": f"Send{j}", "Effect": "Allow", "Action": ["ses:SendEmial", "ses:SendRawEmail"],
             "Resource": f"arn:aws:ses:us-east-1:123456789012:identity/example{j}.com",
             "Condition": {"StringEquals": {"ses:FromAddress": f"noreply@example{j}.com"}}},
            {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": f"arn:aws:s3:::bucket{i}/*"}]})
    for j in range(3):
        parts.append(f'''data "aws_iam_policy_document" "d{i}_{j}" {{
  statement {{
    sid       = "Read{j}"
    actions   = ["s3:GetObjet"]
    resources = ["arn:aws:s3:::bucket{i}/*"]
    condition {{
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abc123def4"]
    }}
  }}
  statement {{
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:us-east-1:123456789012:queue{i}"]
  }}
}}

resource "aws_iam_role_policy" "r{i}_{j}" {{
  role   = "r"
  policy = data.aws_iam_policy_document.d{i}_{j}.json
}}
''')
        write_json(f"b{i}_{j}.json", {"Version": "2012-10-17", "Statement": [
            {"Sid": f"Read{j}", "Effect": "Allow", "Action": ["s3:GetObjet"], "Resource": [f"arn:aws:s3:::bucket{i}/*"],
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-abc123def4"]}}},
            {"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": [f"arn:aws:sqs:us-east-1:123456789012:queue{i}"]}]})
    with open(os.path.join(out, "tf", f"m{i}.tf"), "w") as f:
        f.write("\n".join(parts))
