"""How long validating a scenario takes.

Prints, from one run:

(a) the in-process time to check each bundled scenario (``sim.loader.check_file``), the
    median of N runs after one warm-up, in ms;
(b) the wall time of ``drillsim validate FILE`` minus the start of a bare interpreter
    (``python -c pass``), the median of R runs of each, in ms.

The target is under 100 ms of work beyond interpreter start for (b). When (b) is over it,
the script runs ``python -X importtime`` on the command and lists the imports that take
the time (``--imports`` lists them anyway).

Usage: python bench/bench_validate.py [--runs N] [--cli-runs R] [--imports]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MS = 100.0


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def in_process(files: list[Path], runs: int) -> list[tuple[Path, float, float]]:
    """(file, first check in ms, median of ``runs`` further checks in ms) per file."""
    from sim.loader import check_file

    rows = []
    for path in files:
        t0 = time.perf_counter()
        first = check_file(path)
        cold = _ms(time.perf_counter() - t0)
        if first.problems:
            raise SystemExit(f"{path} is not valid: {first.problems[0].format('en')}")
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            check_file(path)
            times.append(_ms(time.perf_counter() - t0))
        rows.append((path, cold, statistics.median(times)))
    return rows


def _command() -> list[str]:
    script = Path(sys.executable).with_name("drillsim")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui.cli"]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRILLSIM_")}
    env["DRILLSIM_LANG"] = "en"
    return env


def _wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=_env(), capture_output=True, check=False)
        times.append(_ms(time.perf_counter() - t0))
    return statistics.median(times)


def command_line(path: Path, runs: int) -> tuple[float, float]:
    """(median ``python -c pass`` ms, median ``drillsim validate FILE`` ms)."""
    done = subprocess.run(
        [*_command(), "validate", str(path)], env=_env(), capture_output=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"drillsim validate {path} failed:\n{done.stdout.decode()}")
    bare = _wall([sys.executable, "-c", "pass"], runs)
    cli = _wall([*_command(), "validate", str(path)], runs)
    return bare, cli


def import_times(path: Path) -> tuple[float, list[tuple[str, float, str]], list[tuple[str, float]]]:
    """Where the import time of ``drillsim validate`` goes.

    Returns the total import time in ms; other packages as (package, ms summed over all its
    modules, the drillsim module whose import first pulled it in); and drillsim's own
    modules as (module, ms of its own body, mostly building pydantic models).
    """
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui.cli", "validate", str(path)],
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    rows: list[tuple[int, str, float]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        own, _cumulative, name = line[len("import time:") :].split("|")
        if own.strip().isdigit():
            depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
            rows.append((depth, name.strip(), int(own) / 1000.0))
    # A module is printed after the modules it imports, one level deeper; reading
    # backwards, the chain of importers is known at every line.
    packages: dict[str, float] = {}
    pulled_in_by: dict[str, str] = {}
    ours: list[tuple[str, float]] = []
    chain: list[str] = []
    for depth, module, ms in reversed(rows):
        del chain[depth:]
        package = module.split(".")[0]
        if package in ("sim", "tui"):
            ours.append((module, ms))
        else:
            packages[package] = packages.get(package, 0.0) + ms
            importers = [m for m in chain if m.split(".")[0] in ("sim", "tui")]
            if importers:
                pulled_in_by[package] = importers[-1]
        chain.append(module)
    total = sum(packages.values()) + sum(ms for _, ms in ours)
    ranked = sorted(packages.items(), key=lambda kv: kv[1], reverse=True)
    return (
        total,
        [(pkg, ms, pulled_in_by.get(pkg, "")) for pkg, ms in ranked],
        sorted(ours, key=lambda r: r[1], reverse=True),
    )


def import_costs(modules: list[str], runs: int) -> list[tuple[str, float]]:
    """Wall time of ``python -c "import M"`` minus a bare interpreter, per module (ms)."""
    bare = _wall([sys.executable, "-c", "pass"], runs)
    return [(m, _wall([sys.executable, "-c", f"import {m}"], runs) - bare) for m in modules]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="in-process runs per file")
    parser.add_argument("--cli-runs", type=int, default=10, help="command-line runs")
    parser.add_argument("--imports", action="store_true", help="always list slow imports")
    args = parser.parse_args()

    files = sorted((ROOT / "scenarios").glob("*.yaml"))
    print(f"python {sys.version.split()[0]} on {sys.platform}")
    print(f"\n(a) in-process check_file, median of {args.runs} runs after one warm-up")
    for path, cold, median in in_process(files, args.runs):
        size_kb = path.stat().st_size / 1024
        print(
            f"  {path.name:<36} {size_kb:6.1f} KiB  first {cold:7.1f} ms  median {median:6.1f} ms"
        )

    sample = files[0]
    print(f"\n(b) `drillsim validate {sample.name}`, median of {args.cli_runs} runs")
    bare, cli = command_line(sample, args.cli_runs)
    beyond = cli - bare
    verdict = "within" if beyond <= BUDGET_MS else "OVER"
    print(f"  python -c pass          {bare:7.1f} ms")
    print(f"  drillsim validate FILE  {cli:7.1f} ms")
    print(f"  beyond interpreter      {beyond:7.1f} ms  ({verdict} the {BUDGET_MS:.0f} ms target)")

    if beyond > BUDGET_MS or args.imports:
        total, packages, ours = import_times(sample)
        print(f"\nimports of `drillsim validate` (python -X importtime): {total:.0f} ms in all")
        print(f"  {'package':<20} {'ms':>7}  pulled in by")
        for package, ms, importer in packages[:10]:
            print(f"  {package:<20} {ms:7.1f}  {importer}")
        print(f"  {'drillsim module':<20} {'ms':>7}  (its own body: building pydantic models)")
        for module, ms in ours[:6]:
            print(f"  {module:<20} {ms:7.1f}")
        print(
            f"\nimport cost on its own (python -c 'import M' minus bare), "
            f"median of {args.cli_runs} runs"
        )
        modules = ["yaml", "pydantic", "pydantic.main", "sim.text", "sim.scenario", "sim.loader"]
        for module, ms in import_costs([*modules, "tui.cli"], args.cli_runs):
            print(f"  {module:<20} {ms:7.1f}")


if __name__ == "__main__":
    main()
