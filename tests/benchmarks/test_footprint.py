"""The footprint section reads callgrind's dumps per Python function."""

from pathlib import Path

from benchmarks import footprint

# A dump as callgrind writes it with --cache-sim=yes and name compression: the poll (0x100)
# calls the request (0x200), which calls itself once through a deeper frame ('2) and a C
# function with a symbol of its own.
DUMP = """\
version: 1
events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
fn=(1) 0x0000000000000100
5 10 0 0 0 0 0 1 0 0
cfn=(2) 0x0000000000000200
calls=2 0
5 900 0 0 0 0 0 30 50 5
fn=(2)
5 400 0 0 0 0 0 10 0 0
cfn=(3) 0x0000000000000200'2
calls=1 0
5 100 0 0 0 0 0 2 2 0
cfn=(4) PyDict_GetItem
calls=3 0
+1 50 0 0 0 0 0 1 1 0
fn=(3)
cfn=(2)
calls=1 0
5 70 0 0 0 0 0 1 0 0
totals: 1000 0 0 0 0 0 40 60 6
"""


def test_inclusive_costs_per_python_function(tmp_path: Path) -> None:
    """Calls into a function give its inclusive costs; its own recursion is not added."""
    perf_map = tmp_path / "perf-1.map"
    perf_map.write_text(
        "100 10 py::poll:/x/benchmarks/harness.py\n"
        "200 10 py::OctoEverywhereClient.get_status:"
        "/x/custom_components/octoeverywhere/api/client.py\n"
    )
    dump = footprint._parse(DUMP, footprint._python_names(perf_map), polls_count=2)

    assert dump.per_poll("Ir") == 500
    assert dump.per_poll("ILmr", "DLmr", "DLmw") == 53
    assert dump.functions == {
        "OctoEverywhereClient.get_status (octoeverywhere/api/client.py)": (900, 85)
    }
