"""Checks editors/helix/languages.toml: it parses as TOML and has the
structure the README describes (a policyls server started as "policyls",
settings under config.policyls in the server's shape, and the json language
using policyls next to Helix's default JSON server)."""

import pathlib
import sys
import tomllib

KINDS = {"ses-identity", "iam-identity", "trust", "unknown"}

path = pathlib.Path(__file__).with_name("languages.toml")
doc = tomllib.loads(path.read_text())

server = doc["language-server"]["policyls"]
assert server["command"] == "policyls", server
for rule in server["config"]["policyls"]["kinds"]:
    assert set(rule) == {"glob", "kind"} and rule["kind"] in KINDS, rule

json_langs = [lang for lang in doc["language"] if lang["name"] == "json"]
assert len(json_langs) == 1, json_langs
servers = json_langs[0]["language-servers"]
assert servers == ["vscode-json-language-server", "policyls"], servers

print(f"helix: {path.name} parses and is well-formed")
sys.exit(0)
