// The two policies an Amazon Pinpoint email orchestration sending role needs:
// a permission policy letting Pinpoint send through the account's SES
// identities and configuration sets, and a trust policy letting
// pinpoint.amazonaws.com assume the role (guarded by aws:SourceAccount).
//
// Templates are written with ${partition}, ${region} and ${accountId} holes.
// Holes whose setting is filled take its value; the others become snippet
// placeholders (the same tab stop wherever the hole repeats). Like launch.ts,
// this module does not import "vscode", so the tests can check the output.

export type Hole = "partition" | "region" | "accountId";

/** The values to fill in; empty or missing values become placeholders. */
export type Values = Partial<Record<Hole, string>>;

const TAB_STOP: Record<Hole, number> = { partition: 1, region: 2, accountId: 3 };
const PLACEHOLDER: Record<Hole, string> = { partition: "aws", region: "region", accountId: "accountId" };

export const PINPOINT_PERMISSION_POLICY = `{
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
        "arn:\${partition}:ses:\${region}:\${accountId}:identity/*",
        "arn:\${partition}:ses:\${region}:\${accountId}:configuration-set/*"
      ]
    }
  ]
}
`;

export const PINPOINT_TRUST_POLICY = `{
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
          "aws:SourceAccount": "\${accountId}"
        }
      }
    }
  ]
}
`;

const HOLE = /\$\{(partition|region|accountId)\}/g;

/** escapeSnippet makes text literal in VS Code's snippet syntax. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => "\\" + c);
}

/**
 * toSnippet turns a template into snippet text: filled holes become their
 * (escaped) values, the others placeholders such as ${2:region}.
 */
export function toSnippet(template: string, values: Values): string {
  let out = "";
  let last = 0;
  for (const m of template.matchAll(HOLE)) {
    const hole = m[1] as Hole;
    out += escapeSnippet(template.slice(last, m.index));
    const value = values[hole]?.trim();
    out += value ? escapeSnippet(value) : `\${${TAB_STOP[hole]}:${PLACEHOLDER[hole]}}`;
    last = m.index + m[0].length;
  }
  return out + escapeSnippet(template.slice(last));
}

/**
 * fill turns a template into plain text, every hole replaced by its value or,
 * when unset, by the placeholder text a snippet would show.
 */
export function fill(template: string, values: Values): string {
  return template.replace(HOLE, (_, hole: Hole) => values[hole]?.trim() || PLACEHOLDER[hole]);
}
