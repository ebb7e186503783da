#!/usr/bin/env python3
"""Run the shell steps of a composite GitHub Action (action.yml) here, as the
runner would, for .ci/integrations.sh: no local Actions runner works on this
machine (no Docker daemon, GitHub itself unreachable).

  run_action.py ACTION_DIR WORKDIR [input=value ...]

It reads ACTION_DIR/action.yml, takes each input's default unless given,
rejects inputs the action does not declare, evaluates the `if:` conditions
and `${{ }}` expressions the action uses (inputs, github.action_path, step
outputs; anything else is an error, so the runner never guesses), runs every
`run:` step with bash in WORKDIR through a fresh $GITHUB_OUTPUT, stops at the
first failing step, and prints the action's outputs as NAME=VALUE on stderr
(and each folder a step adds to $GITHUB_PATH as path+=FOLDER). $RUNNER_TEMP,
when set, holds the runner's temporary folder.
`uses:` steps cannot run here: they are announced and skipped (the only one,
actions/setup-go, is not needed where Go is installed). Exits with the status
of the failing step, or 0.
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def main():
    action_dir, workdir, *pairs = sys.argv[1:]
    action_dir = os.path.abspath(action_dir)
    with open(os.path.join(action_dir, "action.yml")) as f:
        action = yaml.safe_load(f)
    assert action["runs"]["using"] == "composite", "not a composite action"

    declared = action.get("inputs", {})
    inputs = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name not in declared:
            sys.exit(f"run_action: the action has no input {name!r}")
        inputs[name] = value

    steps = {}  # step id -> its outputs

    def value(expr):
        if expr.startswith("inputs."):
            name = expr[len("inputs."):]
            if name not in declared:
                raise SystemExit(f"run_action: action.yml uses undeclared input {name!r}")
            return inputs[name]
        if expr == "github.action_path":
            return action_dir
        m = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
        if m:
            return steps.get(m[1], {}).get(m[2], "")
        raise SystemExit(f"run_action: cannot evaluate ${{{{ {expr} }}}}")

    def expand(text):
        return EXPR.sub(lambda m: value(m[1]), str(text))

    def condition(expr):
        expr = EXPR.sub(lambda m: m[1], str(expr)).strip()
        m = re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", expr)
        if not m:
            raise SystemExit(f"run_action: cannot evaluate if: {expr}")
        equal = value(m[1]) == m[3]
        return equal if m[2] == "==" else not equal

    temp = tempfile.mkdtemp(prefix="run_action.", dir=os.environ.get("RUNNER_TEMP"))
    env = dict(os.environ, GITHUB_ACTION_PATH=action_dir, RUNNER_TEMP=temp,
               GITHUB_WORKSPACE=os.path.abspath(workdir))
    for i, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", step.get("id", f"step {i + 1}"))
        if "if" in step and not condition(step["if"]):
            print(f"run_action: {name}: skipped (if: {step['if']})", file=sys.stderr)
            continue
        if "uses" in step:
            print(f"run_action: {name}: uses {step['uses']}, which cannot run here: skipped", file=sys.stderr)
            continue
        assert step.get("shell") == "bash", f"{name}: only bash steps are supported"
        output = os.path.join(temp, f"output.{i}")
        open(output, "w").close()
        path_file = os.path.join(temp, f"path.{i}")
        open(path_file, "w").close()
        step_env = dict(env, GITHUB_OUTPUT=output, GITHUB_PATH=path_file)
        step_env.update({k: expand(v) for k, v in step.get("env", {}).items()})
        script = os.path.join(temp, f"step.{i}.sh")
        with open(script, "w") as f:
            f.write(expand(step["run"]))
        # GitHub runs bash steps as: bash --noprofile --norc -eo pipefail {0}
        status = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                                 cwd=workdir, env=step_env)
        with open(output) as f:
            steps[step.get("id", "")] = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
        with open(path_file) as f:  # what a step adds to $GITHUB_PATH comes first on PATH from the next step on
            for line in filter(None, f.read().splitlines()):
                env["PATH"] = line + os.pathsep + env["PATH"]
                print(f"path+={line}", file=sys.stderr)
        if status != 0:
            print(f"run_action: {name}: exit status {status}", file=sys.stderr)
            break
    else:
        status = 0
    for name, spec in action.get("outputs", {}).items():
        print(f"{name}={expand(spec['value'])}", file=sys.stderr)
    sys.exit(status)


if __name__ == "__main__":
    main()
