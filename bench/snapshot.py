"""A byte-level snapshot of what budgetkg says about the whole corpus, to compare two versions.

Not a test and not a benchmark: a refactoring guard. It drives only the command line (the
interface that must not change when modules move), so the same script runs on the code before
and after a restructuring:

- ``check --format json`` of every document of the corpus (findings, refusals);
- ``ingest --keep-going`` of the corpus into a fresh store, then every canned question in CSV
  (with its default parameters, and per department for the questions that need one);
- ``export --format nquads`` of the store, sorted (blank nodes are not renamed by Oxigraph's
  export, but line order is not part of the contract);
- ``make corpus``-style per-document dashboard lines (without their timings).

Usage::

    python bench/snapshot.py OUT_DIR [--corpus ../shared/corpus]
    diff -r BEFORE_DIR AFTER_DIR
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The command line as the checkout on ``sys.path`` defines it (the entry point moved once).
LAUNCH = ("import sys\ntry:\n    from budgetkg.cli.main import main\nexcept ImportError:\n"
          "    from budgetkg.cli import main\nsys.argv[0] = 'budgetkg'\nmain()\n")


def run(args: list[str], out: Path | None = None) -> str:
    """Run the CLI; its stdout (and exit code, as a trailer) goes to ``out``."""
    proc = subprocess.run([sys.executable, "-c", LAUNCH, *args], capture_output=True, text=True, env=_env())
    text = proc.stdout + f"\n# exit {proc.returncode}\n"
    if out is not None:
        out.write_text(text, encoding="utf-8")
    return proc.stdout


def _env() -> dict[str, str]:
    import os
    env = dict(os.environ)
    env["COLUMNS"] = "200"
    env.pop("BUDGETKG_STORE", None)
    return env


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ns = ap.parse_args()
    out: Path = ns.out
    out.mkdir(parents=True, exist_ok=True)
    corpus = ns.corpus.resolve()
    docs = sorted(p for p in corpus.rglob("*") if p.is_file() and p.name.lower() != "readme.md")

    check_dir = out / "check"
    check_dir.mkdir(exist_ok=True)
    for doc in docs:
        rel = doc.relative_to(corpus).as_posix().replace("/", "__")
        text = run(["check", str(doc), "--format", "json"])
        (check_dir / f"{rel}.json").write_text(_stable(text), encoding="utf-8")

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        run(["ingest", str(corpus), "--keep-going", "-q", "--store", str(store), "-j", "2"],
            out / "ingest.txt")
        (out / "ingest.txt").write_text(_stable((out / "ingest.txt").read_text("utf-8")), "utf-8")
        qdir = out / "ask"
        qdir.mkdir(exist_ok=True)
        questions = json.loads(run(["questions", "--format", "json"]))
        departments = _departments(store)
        for q in questions:
            name = q["name"]
            run(["ask", name, "--format", "csv", "--store", str(store)], qdir / f"{name}.csv")
            params = json.dumps(q.get("parameters", ""))
            if "department" in params:
                for i, dep in enumerate(departments):
                    run(["ask", name, "--department", dep, "--format", "csv", "--store", str(store)],
                        qdir / f"{name}.dep{i:02d}.csv")
        nq = run(["export", "--format", "nquads", "--store", str(store)])
        lines = sorted(line for line in nq.splitlines() if line.strip())
        (out / "export.nq").write_text("\n".join(_stable_quad(x) for x in lines) + "\n", encoding="utf-8")
    return 0


def _departments(store: Path) -> list[str]:
    """The department names the store holds (one ask per department-scoped question)."""
    q = ("SELECT DISTINCT ?n WHERE { ?r <https://w3id.org/budgetkg/ontology#departmentLabel> ?n } "
         "ORDER BY ?n")
    text = run(["query", q, "--format", "csv", "--store", str(store)])
    names = [ln.strip().strip('"') for ln in text.splitlines()[1:] if ln.strip()]
    return names[:40]


_TIMES = re.compile(r'"(generated|created|modified|issued|at|seconds|elapsed)"\s*:\s*"?[^",}]*"?')


def _stable(text: str) -> str:
    """Run-dependent values (timestamps, durations, temp paths) blanked."""
    text = re.sub(r"/tmp/[^\s\"']+", "<tmp>", text)
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", "<time>", text)
    text = re.sub(r"\b\d+(\.\d+)? ?s\b", "<secs>", text)
    return _TIMES.sub(lambda m: f'"{m.group(1)}": <v>', text)


def _stable_quad(line: str) -> str:
    line = re.sub(r'"\d{4}-\d\d-\d\dT[^"]*"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>',
                  '"<time>"^^xsd:dateTime', line)
    return line


if __name__ == "__main__":
    raise SystemExit(main())
