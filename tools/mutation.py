"""Mutation testing, one module at a time: `python tools/mutation.py [MODULE ...]` (make mutation).

For each module named in pyproject.toml's [tool.mutmut.modules] (default: all of them), mutmut
mutates only that module and runs only that module's tests, in build/mutation/<module>/ (a
pyproject.toml narrowed to the module beside links to the repository's folders). mutmut reads
its settings from the pyproject.toml of the folder it runs in, hence one folder per module.
Prints killed/total per module; `mutmut results` / `mutmut show NAME` in the module's folder
list and show the survivors. Extra mutmut options follow `--`, e.g. `-- --max-children 1`.
`--survivors` runs only the last run's survivors again, after tests were added for them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINKED = ("nps_workbook", "tests", "sample_data", "notebooks", "templates")


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def prepare(module: str, settings: dict) -> Path:
    """build/mutation/<module>/ with links to the repository and a narrowed pyproject.toml."""
    folder = ROOT / "build" / "mutation" / module
    folder.mkdir(parents=True, exist_ok=True)
    for name in LINKED:
        link = folder / name
        if not link.exists():
            link.symlink_to(ROOT / name, target_is_directory=True)
    tests = settings["modules"][module]
    pytest_options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    ini = pytest_options["tool"]["pytest"]["ini_options"]
    lines = [
        "[tool.pytest.ini_options]",
        f"testpaths = {_toml_list(ini['testpaths'])}",
        f"filterwarnings = {_toml_list(ini.get('filterwarnings', []))}",
        f"markers = {_toml_list(ini.get('markers', []))}",
        "",
        "[tool.mutmut]",
        f"source_paths = {_toml_list(settings['source_paths'])}",
        f"only_mutate = {_toml_list([f'nps_workbook/{module}.py'])}",
        f"pytest_add_cli_args_test_selection = {_toml_list(tests)}",
        f"pytest_add_cli_args = {_toml_list(settings.get('pytest_add_cli_args', []))}",
        f"also_copy = {_toml_list(settings.get('also_copy', []))}",
        "",
    ]
    (folder / "pyproject.toml").write_text("\n".join(lines), encoding="utf-8")
    return folder


def survivors(folder: Path) -> list[str]:
    """The mutants of the last run in `folder` that survived or were not run (a changed
    function's new mutants)."""
    mutmut = Path(sys.executable).with_name("mutmut")
    listing = subprocess.run(
        [str(mutmut), "results", "--all", "true"], cwd=folder, capture_output=True, text=True
    ).stdout
    names = []
    for line in listing.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if status in ("survived", "not checked"):
            names.append(name)
    return names


def run_survivors(module: str, settings: dict, options: list[str]) -> dict:
    """Run again only the last run's survivors, against the tests as they are now (new tests
    are mapped to mutants first); the killed keep their verdict."""
    folder = prepare(module, settings)
    mutmut = Path(sys.executable).with_name("mutmut")
    # Twice: the first run also makes the new mutants of functions changed since, which the
    # listing before it could not name.
    for _ in range(2):
        names = survivors(folder)
        if names:
            subprocess.run([str(mutmut), "run", *options, *names], cwd=folder, check=False)
    subprocess.run([str(mutmut), "export-cicd-stats"], cwd=folder, check=True)
    return json.loads((folder / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))


def run(module: str, settings: dict, options: list[str]) -> dict:
    folder = prepare(module, settings)
    # A fresh start: mutmut would otherwise keep the verdicts of mutants whose function did
    # not change, even when the tests did.
    shutil.rmtree(folder / "mutants", ignore_errors=True)
    # mutmut copies the package without its links to the kit's folders (os.walk does not follow
    # them), so the kit would be missing; it keeps what is already there, so link them first.
    package = folder / "mutants" / "nps_workbook"
    package.mkdir(parents=True)
    for link in (ROOT / "nps_workbook").iterdir():
        if link.is_symlink():
            (package / link.name).symlink_to(link.resolve(), target_is_directory=link.is_dir())
    mutmut = Path(sys.executable).with_name("mutmut")
    subprocess.run([str(mutmut), "run", *options], cwd=folder, check=False)
    subprocess.run([str(mutmut), "export-cicd-stats"], cwd=folder, check=True)
    return json.loads((folder / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    options = argv[argv.index("--") + 1 :] if "--" in argv else []
    names = argv[: argv.index("--")] if "--" in argv else argv
    again = "--survivors" in names
    names = [n for n in names if n != "--survivors"]
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "mutmut"
    ]
    unknown = [n for n in names if n not in settings["modules"]]
    if unknown:
        known = ", ".join(settings["modules"])
        print(f"unknown module {', '.join(unknown)}; [tool.mutmut.modules] has {known}")
        return 2
    summary = {}
    for module in names or list(settings["modules"]):
        stats = (run_survivors if again else run)(module, settings, options)
        summary[module] = stats
        share = stats["killed"] / stats["total"] if stats["total"] else float("nan")
        print(
            f"{module}: {stats['killed']}/{stats['total']} killed ({share:.1%}), "
            f"{stats['survived']} survived, {stats['timeout']} timed out, "
            f"{stats['no_tests']} without tests"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
