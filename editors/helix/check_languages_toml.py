"""Checks editors/helix/languages.toml: it parses as TOML and has the
structure the README describes (a policyls server started as "policyls",
settings under config.policyls in the server's shape, and the json and yaml
languages using policyls next to Helix's default JSON and YAML servers)."""

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

for name, default in (("json", "vscode-json-language-server"), ("yaml", "yaml-language-server")):
    langs = [lang for lang in doc["language"] if lang["name"] == name]
    assert len(langs) == 1, langs
    servers = langs[0]["language-servers"]
    assert servers == [default, "policyls"], (name, servers)

print(f"helix: {path.name} parses and is well-formed")
sys.exit(0)
