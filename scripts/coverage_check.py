"""Fail unless every integration module is at least 95 % covered and the config flow 100 %.

Reads the .coverage file that ``pytest --cov`` wrote and prints one line per module.
"""

from pathlib import Path
import sys

import coverage

TOTAL_MINIMUM = 95.0
MODULE_MINIMUM = 95.0
EXACT = {"custom_components/octoeverywhere/config_flow.py": 100.0}


def main() -> int:
    """Print the per-module report and return the exit status."""
    cov = coverage.Coverage()
    cov.load()
    failures: list[str] = []
    total_statements = total_missing = 0
    print(f"{'module':64} {'stmts':>6} {'miss':>5} {'cover':>7}")
    for filename in sorted(cov.get_data().measured_files()):
        path = Path(filename).resolve().relative_to(Path.cwd()).as_posix()
        _, statements, _, missing, _ = cov.analysis2(filename)
        if not statements:
            continue
        percent = 100.0 * (len(statements) - len(missing)) / len(statements)
        total_statements += len(statements)
        total_missing += len(missing)
        minimum = EXACT.get(path, MODULE_MINIMUM)
        flag = "" if percent >= minimum else f"  < {minimum:.0f}%"
        print(f"{path:64} {len(statements):6} {len(missing):5} {percent:6.1f}%{flag}")
        if flag:
            failures.append(f"{path}: {percent:.1f}% (missing lines {missing})")
    total = 100.0 * (total_statements - total_missing) / max(total_statements, 1)
    print(f"{'TOTAL':64} {total_statements:6} {total_missing:5} {total:6.1f}%")
    if total < TOTAL_MINIMUM:
        failures.append(f"total coverage {total:.1f}% < {TOTAL_MINIMUM:.0f}%")
    for failure in failures:
        print(f"coverage too low: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
