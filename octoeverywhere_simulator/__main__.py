"""``python -m octoeverywhere_simulator``: serve a simulated printer over HTTP."""

import argparse
from collections.abc import Sequence

from aiohttp import web

from .clock import RealClock
from .config import MATERIAL_SYSTEMS, PLATFORMS, SCENARIOS, Auth
from .faults import BODIES, LARGE, MALFORMED, Fault
from .simulator import Simulator


def _lights(value: str) -> list[str]:
    """``chamber,caselight``; ``none`` or an empty string for no lights."""
    if value.strip().lower() == "none":
        return []
    return [name.strip() for name in value.split(",") if name.strip()]


def _positive(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return number


def build_parser() -> argparse.ArgumentParser:
    """Build the command-line parser."""
    parser = argparse.ArgumentParser(
        prog="python -m octoeverywhere_simulator",
        description="Simulate a printer behind an OctoEverywhere connection URL.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8124)
    parser.add_argument("--platform", choices=PLATFORMS, default="moonraker")
    parser.add_argument("--scenario", choices=SCENARIOS, default="idle")
    parser.add_argument(
        "--progress",
        type=float,
        default=None,
        help="start the scenario's print at this percent",
    )
    parser.add_argument(
        "--features",
        type=int,
        default=None,
        help="Features bitmask (default: the platform's)",
    )
    parser.add_argument(
        "--lights",
        type=_lights,
        default=None,
        help="comma-separated light names, or none",
    )
    parser.add_argument(
        "--lights-null", action="store_true", help="report Lights as null"
    )
    parser.add_argument(
        "--chamber",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="chamber temperature sensor (default: the platform's)",
    )
    parser.add_argument(
        "--octoeverywhere-status-null",
        action="store_true",
        help="report OctoEverywhereStatus as null",
    )
    parser.add_argument("--auth", choices=("none", "basic", "bearer"), default="none")
    parser.add_argument("--username", default="sim-user")
    parser.add_argument("--password", default="sim-password")
    parser.add_argument("--token", default="sim-token")
    parser.add_argument(
        "--speed", type=_positive, default=1.0, help="simulated seconds per real second"
    )
    parser.add_argument(
        "--print-duration",
        type=_positive,
        default=3600.0,
        help="simulated seconds a print takes after its warm-up",
    )
    parser.add_argument(
        "--webcams",
        type=int,
        choices=range(4),
        default=None,
        help="0-3 webcams: plain, rotated and flipped, disabled (default: one)",
    )
    parser.add_argument(
        "--material-system",
        choices=MATERIAL_SYSTEMS,
        default="null",
        help="JobStatus.MaterialSystem topology (IncludeMaterialSystem=true)",
    )
    parser.add_argument("--gadget-interval", type=_positive, default=40.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--app-token", default="sim-app-token", help="AppToken of the App APIs"
    )
    parser.add_argument("--webhook-url", default=None, help="POST notifications here")
    parser.add_argument("--webhook-secret", default=None)
    parser.add_argument("--printer-id", default="SIMPRINTER0001")
    parser.add_argument("--printer-name", default="Simulated Printer")
    parser.add_argument(
        "--public-url",
        default=None,
        help="this server's URL for webhook SnapshotUrl (default http://HOST:PORT)",
    )
    faults = parser.add_argument_group(
        "fault", "inject one fault into the simulated requests (see README)"
    )
    faults.add_argument(
        "--latency", type=float, default=0.0, help="seconds before answering"
    )
    faults.add_argument("--fault-http-status", type=int, default=None)
    faults.add_argument("--fault-body", choices=BODIES, default="json")
    faults.add_argument("--fault-plugin-status", type=int, default=None)
    faults.add_argument("--fault-message", default=None)
    faults.add_argument("--fault-malformed", choices=MALFORMED, default=None)
    faults.add_argument("--fault-large", choices=LARGE, default=None)
    faults.add_argument("--fault-drop", action="store_true")
    faults.add_argument(
        "--fault-count", type=int, default=None, help="only the next N requests"
    )
    faults.add_argument(
        "--fault-paths",
        type=_lights,
        default=None,
        help="comma-separated path prefixes",
    )
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line (a bad fault combination is a usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.fault = fault_from_args(args)
    except ValueError as err:
        parser.error(str(err))
    return args


def fault_from_args(args: argparse.Namespace) -> Fault | None:
    """Return the fault the ``--fault-*`` and ``--latency`` flags describe, if any."""
    fault = Fault(
        http_status=args.fault_http_status,
        plugin_status=args.fault_plugin_status,
        message=args.fault_message,
        body=args.fault_body,
        malformed=args.fault_malformed,
        large=args.fault_large,
        drop=args.fault_drop,
        latency=args.latency,
        count=args.fault_count,
        paths=tuple(args.fault_paths or ()),
    )
    if not fault.effects() and not fault.latency:
        return None
    fault.validate()
    return fault


def auth_from_args(args: argparse.Namespace) -> Auth:
    """Return the credentials the flags ask for."""
    match args.auth:
        case "basic":
            return Auth("basic", username=args.username, password=args.password)
        case "bearer":
            return Auth("bearer", token=args.token)
    return Auth()


def simulator_from_args(args: argparse.Namespace) -> Simulator:
    """Build the simulator the flags describe (real clock at ``--speed``)."""
    sim = Simulator(
        platform=args.platform,
        scenario=args.scenario,
        progress=args.progress,
        auth=auth_from_args(args),
        features=args.features,
        lights=args.lights,
        lights_null=args.lights_null,
        chamber=args.chamber,
        octoeverywhere_status_null=args.octoeverywhere_status_null,
        clock=RealClock(args.speed),
        print_duration=args.print_duration,
        gadget_interval=args.gadget_interval,
        webcams=args.webcams,
        material_system=args.material_system,
        app_token=args.app_token,
        webhook_url=args.webhook_url,
        webhook_secret=args.webhook_secret,
        printer_id=args.printer_id,
        printer_name=args.printer_name,
        public_url=args.public_url or f"http://{args.host}:{args.port}",
        seed=args.seed,
    )
    sim.set_fault(getattr(args, "fault", None))
    return sim


def banner(args: argparse.Namespace, sim: Simulator) -> str:
    """Return what to tell the user at start-up."""
    base = f"http://{args.host}:{args.port}"
    return "\n".join(
        [
            (
                f"OctoEverywhere simulator: {sim.settings.platform}, "
                f"scenario {args.scenario}, speed {args.speed:g}x"
            ),
            f"  Connection URL for Home Assistant: {base}/",
            f"  Auth: {sim.settings.auth.describe()}",
            f"  App APIs: {base}/api/appconnection/info (AppToken {sim.settings.app_token!r})",
            f"  Control: {base}/_sim/state (see octoeverywhere_simulator/README.md)",
        ]
    )


def main(argv: Sequence[str] | None = None) -> None:  # pragma: no cover - runs a server
    """Run the simulator until interrupted."""
    args = parse_args(argv)
    sim = simulator_from_args(args)
    print(banner(args, sim), flush=True)
    web.run_app(sim.create_app(), host=args.host, port=args.port, print=None)


if __name__ == "__main__":  # pragma: no cover
    main()
