"""`python -m worker.deployment build-id | describe | set-current [BUILD_ID]`: Worker Versioning
by hand (docs/deploy.md, "Rolling deploys")."""

import argparse
import asyncio
import sys

from temporalio.service import RPCError

from core.config import get_settings
from core.temporal import connect
from worker import build_id, describe, set_current


async def _main(args: argparse.Namespace) -> None:
    settings = get_settings()
    if args.command == "build-id":
        print(build_id(settings))
        return
    client = await connect(settings)
    if args.command == "describe":
        print(await describe(client, settings))
    else:
        build = args.build_id or build_id(settings)
        await set_current(client, settings, build, allow_no_pollers=args.allow_no_pollers)
        print(f"{settings.worker_deployment_name}.{build} is current: new runs start on it")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        prog="python -m worker.deployment", description="Worker Versioning of Sluice's workers."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build-id", help="print this checkout's build id")
    commands.add_parser("describe", help="each build: id, status, drainage")
    current = commands.add_parser("set-current", help="route new runs to a build")
    current.add_argument("build_id", nargs="?", help="default: this checkout's build id")
    current.add_argument(
        "--allow-no-pollers", action="store_true", help="even before its workers have polled"
    )
    try:
        asyncio.run(_main(parser.parse_args()))
    except RPCError as exc:
        sys.exit(f"Temporal refused: {exc}")
