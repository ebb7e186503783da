// Differential test: thousands of generated policy/request pairs are
// evaluated by @cloud-copilot/iam-simulate and by `policyls test --format
// json` (one *.policytest.json per policy, so policyls runs once), and the
// decisions compared. Each known disagreement is documented in
// docs/evaluation.md and recognised below by `documented`; any other
// disagreement fails the run.
//
//   node diff.mjs POLICYLS_BINARY [PAIRS] [SEED]
import { loadPolicy } from '@cloud-copilot/iam-policy'
// runUnsafeSimulation (0.1.173) loads a resource policy without a name and
// then fails reading it, so its few lines are repeated here with one.
import { authorize } from './node_modules/@cloud-copilot/iam-simulate/dist/esm/core_engine/CoreSimulatorEngine.js'
import { DiscoveryContextKeyConstraints } from './node_modules/@cloud-copilot/iam-simulate/dist/esm/context_keys/discoveryContextKeyConstraints.js'
import { AwsRequestImpl } from './node_modules/@cloud-copilot/iam-simulate/dist/esm/request/request.js'
import { RequestContextImpl } from './node_modules/@cloud-copilot/iam-simulate/dist/esm/requestContext.js'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const [binary, pairsArg = '3000', seedArg = '17'] = process.argv.slice(2)
if (!binary) {
  console.error('usage: node diff.mjs POLICYLS_BINARY [PAIRS] [SEED]')
  process.exit(2)
}
const PAIRS = Number(pairsArg)

// A small seeded generator (mulberry32), so a run can be repeated.
let state = Number(seedArg) >>> 0
function random() {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (list) => list[Math.floor(random() * list.length)]
const chance = (p) => random() < p
const some = (list, max) => {
  const n = 1 + Math.floor(random() * max)
  return [...new Set(Array.from({ length: n }, () => pick(list)))]
}

const ACCOUNT = '111122223333'
const OTHER = '444455556666'

// Requests: an action, its resource, and Action/Resource values that may
// or may not cover them.
const targets = [
  {
    action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/home/alice/file.txt',
    actions: ['s3:GetObject', 's3:getobject', 's3:Get*', 's3:*', '*', 's3:GetObjec?', 's3:Put*', 'ec2:*', 's3:Get*Tagging', 's?:GetObject'],
    resources: ['*', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/home/*', 'arn:aws:s3:::other/*',
      'arn:aws:s3:::bucket/home/${aws:username}/*', 'arn:aws:s3:::bucket/home/${aws:username, \'alice\'}/*', 'arn:aws:s3:::bucket/home/alic?/*',
      'arn:*:s3:::bucket/*', 'arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/home/${aws:PrincipalTag/team}/*', 'arn:aws:s3:::bucket/home/${*}']
  },
  {
    action: 'ses:SendEmail', resource: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`,
    actions: ['ses:SendEmail', 'ses:Send*', 'ses:SendRawEmail', 'ses:*', 'SES:SENDEMAIL', 'ses:Send?mail', 'sns:*'],
    resources: ['*', `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`, `arn:aws:ses:*:${ACCOUNT}:identity/*`,
      `arn:aws:ses:us-east-1:${OTHER}:identity/*`, 'arn:aws:ses:*:*:identity/example.com', `arn:aws:ses:us-east-?:${ACCOUNT}:identity/*`,
      `arn:aws:ses:us-east-1:${ACCOUNT}:identity/Example.com`, `arn:aws:ses:us-east-1:${ACCOUNT}:*`]
  },
  {
    action: 'iam:GetUser', resource: `arn:aws:iam::${ACCOUNT}:user/alice`,
    actions: ['iam:GetUser', 'iam:Get*', 'iam:*', 'iam:List*', '*'],
    resources: ['*', `arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:iam::${ACCOUNT}:user/*`, `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
      `arn:aws:iam::${ACCOUNT}:role/*`, `arn:aws:iam::*:user/alice`]
  },
  {
    action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`,
    actions: ['sqs:SendMessage', 'sqs:Send*', 'sqs:*', 'sqs:ReceiveMessage'],
    resources: ['*', `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`, `arn:aws:sqs:*:${ACCOUNT}:*`, `arn:aws:sqs:us-east-1:${ACCOUNT}:order?`, `arn:aws:sqs:us-east-1:${ACCOUNT}:ORDERS`]
  }
]

// Context keys by type, with values that often agree with the policy's.
const keys = [
  { key: 'aws:username', type: 'String', values: ['alice', 'bob', 'Alice'] },
  { key: 'aws:PrincipalTag/team', type: 'String', values: ['ops', 'dev', 'Ops', 'alice'] },
  { key: 'aws:RequestTag/env', type: 'String', values: ['prod', 'dev', 'prod-eu', ''] },
  { key: 'aws:TagKeys', type: 'ArrayOfString', values: ['env', 'team', 'cost', 'Env', ''] },
  { key: 'aws:SourceIp', type: 'IPAddress', values: ['203.0.113.7', '203.0.114.1', '192.0.2.1', '2001:db8::1'] },
  { key: 'aws:CurrentTime', type: 'Date', values: ['2020-03-31T23:59:59Z', '2020-04-01T00:00:00Z', '2021-01-01T00:00:00Z'] },
  { key: 'aws:EpochTime', type: 'Date', values: ['1585699199', '1585699200', '1609459200'] },
  { key: 'aws:SecureTransport', type: 'Bool', values: ['true', 'false'] },
  { key: 'aws:MultiFactorAuthAge', type: 'Numeric', values: ['0', '3600', '3601', '86400'] },
  { key: 'aws:SourceArn', type: 'ARN', values: [`arn:aws:sns:us-east-1:${ACCOUNT}:topic`, `arn:aws:sns:us-east-1:${OTHER}:topic`, `arn:aws:sqs:eu-west-1:${ACCOUNT}:q`] },
  { key: 'aws:SourceAccount', type: 'String', values: [ACCOUNT, OTHER] },
  { key: 'aws:PrincipalServiceNamesList', type: 'ArrayOfString', values: ['ses.amazonaws.com', 'sns.amazonaws.com', 'ec2.amazonaws.com'] }
]

const policyValues = {
  String: (k) => [...k.values, '*', 'a*', 'o?s', '${aws:username}', 'pro*'],
  ArrayOfString: (k) => [...k.values, 'e*', '*'],
  IPAddress: () => ['203.0.113.0/24', '192.0.2.1', '192.0.2.1/32', '2001:db8::/32', '10.0.0.0/8'],
  Date: () => ['2020-04-01T00:00:00Z', '1585699200', '2020-04-01', '2022-01-01T00:00:00Z'],
  Bool: () => ['true', 'false'],
  Numeric: () => ['3600', '0', '86400', '3600.5'],
  ARN: () => [`arn:aws:sns:us-east-1:${ACCOUNT}:topic`, `arn:aws:sns:*:${ACCOUNT}:*`, 'arn:aws:sns:*:*:*', `arn:aws:*:*:${ACCOUNT}:*`, `arn:aws:sqs:*:${ACCOUNT}:q`]
}

const operatorsByType = {
  String: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
  ArrayOfString: ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase'],
  IPAddress: ['IpAddress', 'NotIpAddress'],
  Date: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  Bool: ['Bool'],
  Numeric: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  ARN: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike']
}

function condition() {
  const out = {}
  for (let i = 0, n = 1 + Math.floor(random() * 2); i < n; i++) {
    const k = pick(keys)
    let op
    if (chance(0.1)) {
      op = 'Null'
    } else {
      op = pick(operatorsByType[k.type])
      if (k.type === 'ArrayOfString') op = pick(['ForAllValues:', 'ForAnyValue:']) + op
      if (chance(0.2)) op += 'IfExists'
    }
    const values = op === 'Null' ? [pick(['true', 'false'])] : some(policyValues[k.type](k), 3)
    out[op] = out[op] || {}
    out[op][k.key] = values.length === 1 && chance(0.5) ? values[0] : values
  }
  return out
}

function context() {
  const ctx = {}
  for (const k of keys) {
    if (!chance(0.55)) continue
    ctx[k.key] = k.type === 'ArrayOfString' ? some(k.values, 3) : pick(k.values)
  }
  return ctx
}

// Principals: callers from another account, so that the resource policy
// decides (the identity policy allows everything).
const callers = [
  `arn:aws:iam::${OTHER}:user/bob`,
  `arn:aws:iam::${OTHER}:role/Admin`,
  `arn:aws:sts::${OTHER}:assumed-role/Admin/s1`,
  `arn:aws:iam::555566667777:user/eve`
]
const principals = [
  '*', { AWS: '*' }, { AWS: OTHER }, { AWS: `arn:aws:iam::${OTHER}:root` }, { AWS: `arn:aws:iam::${OTHER}:role/Admin` },
  { AWS: `arn:aws:sts::${OTHER}:assumed-role/Admin/s1` }, { AWS: `arn:aws:iam::${OTHER}:user/bob` }, { AWS: [`arn:aws:iam::${OTHER}:user/bob`, '555566667777'] },
  { Service: 'ses.amazonaws.com' }
]

function statement(target, withPrincipal) {
  const s = { Effect: chance(0.75) ? 'Allow' : 'Deny' }
  if (withPrincipal) {
    // NotPrincipal only with Deny: AWS does not support it with Allow.
    if (s.Effect === 'Deny' && chance(0.3)) s.NotPrincipal = pick(principals.filter((p) => p !== '*'))
    else s.Principal = pick(principals)
  }
  const acts = some(target.actions, 2)
  if (chance(0.15)) s.NotAction = acts; else s.Action = acts.length === 1 ? acts[0] : acts
  const res = some(target.resources, 2)
  if (chance(0.15)) s.NotResource = res; else s.Resource = res.length === 1 ? res[0] : res
  if (chance(0.7)) s.Condition = condition()
  return s
}

function generate(i) {
  const target = pick(targets)
  const withPrincipal = i % 3 === 2
  const policy = { Version: chance(0.9) ? '2012-10-17' : '2008-10-17', Statement: [] }
  for (let n = 1 + Math.floor(random() * 3), j = 0; j < n; j++) policy.Statement.push(statement(target, withPrincipal))
  const request = { action: target.action, resource: target.resource, context: context() }
  if (withPrincipal) request.principal = pick(callers)
  return { policy, request, withPrincipal }
}

function simulate({ policy, request, withPrincipal }) {
  const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
  const req = new AwsRequestImpl(
    request.principal || `arn:aws:iam::${ACCOUNT}:user/alice`,
    { resource: request.resource, accountId: ACCOUNT },
    request.action,
    new RequestContextImpl(request.context)
  )
  const analysis = authorize({
    request: req,
    sessionPolicy: undefined,
    identityPolicies: [loadPolicy(withPrincipal ? allowAll : policy, { name: 'identity' })],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: withPrincipal ? loadPolicy(policy, { name: 'resource' }) : undefined,
    permissionBoundaries: undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: { blockPublicAccess: undefined } }
  })
  const r = analysis.result
  return { Allowed: 'allow', ExplicitlyDenied: 'deny', ImplicitlyDenied: 'implicit-deny' }[r] || String(r)
}

// Each documented difference: the section of docs/evaluation.md that
// explains it, and a test recognising a pair it may affect.
const differences = [
  {
    section: 'Wildcards in the service prefix of an action',
    affects: (p) => statements(p).some((s) => list(s.Action ?? s.NotAction).some((a) => a !== '*' && /[*?]/.test(a.split(':')[0])))
  },
  {
    section: 'Epoch times in Date conditions',
    affects: (p) =>
      conditions(p).some(
        ([op, key, values]) =>
          /^(ForAllValues:|ForAnyValue:)?Date/.test(op) && [...values, ...list(p.request.context[key])].some((v) => /^\d+$/.test(v))
      )
  },
  {
    section: 'IPv6 addresses and IPv4 ranges',
    affects: (p) =>
      conditions(p).some(([op, key, values]) => /IpAddress/.test(op) && list(p.request.context[key]).some((ip) => ip.includes(':')) && values.some((v) => !v.includes(':')))
  },
  {
    section: 'ForAnyValue with IfExists on a missing key',
    affects: (p) => conditions(p).some(([op, key]) => op.startsWith('ForAnyValue:') && op.endsWith('IfExists') && !(key in p.request.context))
  },
  {
    section: 'ForAllValues on an empty string',
    affects: (p) => conditions(p).some(([op, key]) => op.startsWith('ForAllValues:') && JSON.stringify(list(p.request.context[key])) === '[""]')
  },
  {
    section: 'NotPrincipal in a Deny, level by level',
    affects: (p) => statements(p).some((s) => s.Effect === 'Deny' && s.NotPrincipal && !listsEveryLevel(list(s.NotPrincipal.AWS), p.request.principal))
  },
  {
    section: 'Policy variables under Version 2008-10-17',
    affects: (p) => p.policy.Version !== '2012-10-17' && JSON.stringify(p.policy).includes('${')
  }
]

// listsEveryLevel: the AWS principals name the caller's account, its role
// (for a session) and the caller itself, as policyls requires of a Deny's
// NotPrincipal.
function listsEveryLevel(values, caller) {
  if (!caller || values.includes('*')) return true
  const f = caller.split(':')
  const account = f[4]
  const levels = [(v) => v === account || v === `arn:aws:iam::${account}:root`, (v) => v === caller]
  const session = /^assumed-role\/([^/]+)\//.exec(f[5])
  if (session) levels.push((v) => v === `arn:aws:iam::${account}:role/${session[1]}`)
  return levels.every((named) => values.some(named))
}

const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])
const statements = (p) => p.policy.Statement
function conditions(p) {
  const out = []
  for (const s of statements(p)) {
    for (const [op, byKey] of Object.entries(s.Condition ?? {})) {
      for (const [key, values] of Object.entries(byKey)) out.push([op, key, list(values)])
    }
  }
  return out
}

// documented returns the docs/evaluation.md section that explains a
// disagreement, or undefined.
function documented(pair) {
  return differences.find((d) => d.affects(pair))?.section
}

// Every difference must have its section in docs/evaluation.md.
const doc = readFileSync(new URL('../../docs/evaluation.md', import.meta.url), 'utf8')
for (const d of differences) {
  if (!doc.includes(`### ${d.section}\n`)) {
    console.error(`docs/evaluation.md has no section "### ${d.section}"`)
    process.exit(2)
  }
}

const dir = mkdtempSync(join(tmpdir(), 'evaldiff-'))
try {
  const pairs = []
  for (let i = 0; i < PAIRS; i++) {
    const p = generate(i)
    p.theirs = simulate(p)
    pairs.push(p)
    writeFileSync(join(dir, `p${i}.json`), JSON.stringify(p.policy, null, 2))
    const test = { action: p.request.action, resource: p.request.resource, context: p.request.context, expect: p.theirs }
    if (p.request.principal) {
      test.principal = p.request.principal
    }
    writeFileSync(join(dir, `p${i}.policytest.json`), JSON.stringify({ policy: `p${i}.json`, kind: p.withPrincipal ? 'unknown' : 'iam-identity', tests: [test] }))
  }
  let out
  try {
    out = execFileSync(binary, ['test', '--format', 'json', dir], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (e) {
    if (e.status !== 1) throw e
    out = e.stdout
  }
  const report = JSON.parse(out)
  const ours = new Map(report.files.map((f) => [f.policy, f.tests[0]]))
  let agree = 0
  const byReason = new Map()
  const undocumented = []
  pairs.forEach((p, i) => {
    const t = ours.get(`p${i}.json`)
    if (!t) throw new Error(`no result for p${i}`)
    if (t.decision === p.theirs) {
      agree++
      return
    }
    const why = documented(p, t.decision, p.theirs)
    if (why) {
      byReason.set(why, (byReason.get(why) || 0) + 1)
    } else {
      undocumented.push({ i, policy: p.policy, request: p.request, policyls: t.decision, iamSimulate: p.theirs, reason: t.reason })
    }
  })
  console.log(`pairs: ${PAIRS}, agreements: ${agree}, documented differences: ${PAIRS - agree - undocumented.length}, undocumented: ${undocumented.length}`)
  for (const [why, n] of byReason) console.log(`  ${n} × ${why}`)
  for (const u of undocumented.slice(0, Number(process.env.SHOW || 5))) console.log(JSON.stringify(u))
  process.exitCode = undocumented.length > 0 ? 1 : 0
} finally {
  rmSync(dir, { recursive: true, force: true })
}
