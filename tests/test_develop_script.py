"""scripts/develop: restarts Home Assistant when it asks to, stops everything on Ctrl+C.

The script runs in a copy of the repository's layout whose ``.venv/bin/hass`` is a stub that
behaves as ``STUB_PLAN`` says, run by run: an exit code (100 is Home Assistant's "restart me"), or
``wait`` (run until SIGINT/SIGTERM, then exit 0, as Home Assistant does). The simulator is the
real one.
"""

from collections.abc import Iterator
import contextlib
import os
from pathlib import Path
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest

ROOT = Path(__file__).resolve().parent.parent

STUB_HASS = """#!{python}
import os, signal, sys
from pathlib import Path

runs = Path("config/runs.txt")
done = runs.read_text().splitlines() if runs.exists() else []
runs.write_text("".join(line + "\\n" for line in [*done, " ".join(sys.argv[1:])]))
with Path("config/pids.txt").open("a") as pids:
    pids.write(f"{os.getpid()}\\n")
plan = os.environ["STUB_PLAN"].split(",")
step = plan[len(done)] if len(done) < len(plan) else "wait"
if step != "wait":
    sys.exit(int(step))
for signum in (signal.SIGINT, signal.SIGTERM):
    signal.signal(signum, lambda *_: sys.exit(0))
Path("config/waiting").write_text(str(len(done) + 1))
while True:
    signal.pause()
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The repository's layout with the real scripts/develop and simulator, a stub hass."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "develop", tmp_path / "scripts" / "develop")
    (tmp_path / "scripts" / "bootstrap").write_text("#!/bin/sh\n:\n")
    (tmp_path / "octoeverywhere_simulator").symlink_to(
        ROOT / "octoeverywhere_simulator"
    )
    (tmp_path / "custom_components").mkdir()
    shipped = tmp_path / "blueprints" / "automation" / "octoeverywhere"
    shipped.mkdir(parents=True)
    (shipped / "mine.yaml").write_text("blueprint: {}\n")
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (venv / "hass").write_text(STUB_HASS.replace("{python}", sys.executable))
    for path in (*venv.iterdir(), tmp_path / "scripts" / "bootstrap"):
        path.chmod(0o755)
    return tmp_path


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture(autouse=True)
def _kill_leftovers() -> Iterator[None]:
    """After a failed test, kill what a develop run left (its children have groups of their own)."""
    yield
    for process in STARTED:
        if process.poll() is None:
            for child in children(process.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child, signal.SIGKILL)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
            process.kill()
            process.wait()
    STARTED.clear()


STARTED: list[subprocess.Popen[bytes]] = []


def start(repo: Path, plan: str, *args: str) -> subprocess.Popen[bytes]:
    """Run scripts/develop in its own process group, as a terminal would."""
    port = free_port()
    process = subprocess.Popen(
        ["scripts/develop", *args],
        cwd=repo,
        # Not HA_VERSION (set when scripts/test runs the suite on the oldest release): the
        # copy has the stub's .venv only.
        env={
            **{k: v for k, v in os.environ.items() if k != "HA_VERSION"},
            "STUB_PLAN": plan,
            "SIM_PORT": str(port),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.sim_port = port  # type: ignore[attr-defined]
    STARTED.append(process)
    return process


def wait_for_file(path: Path, process: subprocess.Popen[bytes]) -> None:
    """Wait until ``path`` exists (the stub runs), failing if develop ends first."""
    deadline = time.monotonic() + 60
    while not path.exists():
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"develop exited {process.returncode} early:\n{output}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the stub never started")
        time.sleep(0.05)


def finish(process: subprocess.Popen[bytes], repo: Path) -> tuple[int, str]:
    """Wait for develop to end; check that neither the simulator nor hass is left."""
    output, _ = process.communicate(timeout=60)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)
    pids = repo / "config" / "pids.txt"
    for pid in pids.read_text().split() if pids.exists() else []:
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)
    with pytest.raises(ConnectionRefusedError), socket.socket() as sock:
        sock.connect(("127.0.0.1", process.sim_port))  # type: ignore[attr-defined]
    return process.returncode, output.decode()


def runs(repo: Path) -> list[str]:
    """The stub's command lines, one per run."""
    return (repo / "config" / "runs.txt").read_text().splitlines()


@pytest.mark.usefixtures("socket_enabled")
def test_restart_then_ctrl_c(repo: Path) -> None:
    """Exit code 100 starts Home Assistant again; Ctrl+C stops it and the simulator."""
    (repo / "config").mkdir()
    (repo / "config" / "automations.yaml").write_text("- id: mine\n")
    process = start(repo, "100,wait")
    wait_for_file(repo / "config" / "waiting", process)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C in the terminal does
    code, output = finish(process, repo)
    assert code == 0, output
    assert runs(repo) == ["-c config --skip-pip"] * 2
    assert "asked for a restart" in output
    assert "OctoEverywhere simulator" in output  # it did run
    # What configuration.yaml includes; an existing file is kept.
    config = repo / "config"
    assert (config / "automations.yaml").read_text() == "- id: mine\n"
    assert (config / "scripts.yaml").read_text() == ""
    assert (config / "scenes.yaml").read_text() == ""
    assert (config / "custom_components").resolve() == repo / "custom_components"
    # The blueprints, file by file (Home Assistant does not list those of a linked folder).
    shipped = repo / "blueprints" / "automation" / "octoeverywhere" / "mine.yaml"
    linked = config / "blueprints" / "automation" / "octoeverywhere" / "mine.yaml"
    assert linked.is_symlink() and linked.resolve() == shipped


@pytest.mark.usefixtures("socket_enabled")
def test_new_config_files(repo: Path) -> None:
    """A first run creates the included files as a new Home Assistant writes them."""
    process = start(repo, "0")
    code, output = finish(process, repo)
    assert code == 0, output
    assert (repo / "config" / "automations.yaml").read_text() == "[]\n"


@pytest.mark.usefixtures("socket_enabled")
def test_failure_is_not_restarted(repo: Path) -> None:
    """Any other exit code ends the environment with that code."""
    code, output = finish(start(repo, "1,0"), repo)
    assert code == 1, output
    assert len(runs(repo)) == 1


@pytest.mark.usefixtures("socket_enabled")
def test_term_to_the_script_alone(repo: Path) -> None:
    """A TERM to the script (not its group) still stops Home Assistant and the simulator."""
    process = start(repo, "wait")
    wait_for_file(repo / "config" / "waiting", process)
    process.terminate()
    code, output = finish(process, repo)
    assert code == 0, output
    assert len(runs(repo)) == 1


@pytest.mark.usefixtures("socket_enabled")
def test_simulator_that_cannot_start(repo: Path) -> None:
    """A bad simulator flag ends the script before Home Assistant starts."""
    process = start(repo, "0", "--platform", "nonsense")
    code, output = finish(process, repo)
    assert code == 1
    assert "the simulator did not start" in output
    assert not (repo / "config" / "runs.txt").exists()
