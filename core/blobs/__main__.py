"""`python -m core.blobs cleanup [--days N]`: delete blobs older than the retention.

Run it daily (cron, a Kubernetes CronJob, or a Temporal schedule) on one host per backend.
"""

import argparse
import asyncio

from core.config import get_settings
from core.db import make_engine

from . import BlobConfig, blob_store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.blobs")
    commands = parser.add_subparsers(dest="command", required=True)
    cleanup = commands.add_parser("cleanup", help="delete blobs older than the retention")
    cleanup.add_argument("--days", type=float, help="default: BLOB_RETENTION_DAYS (30)")
    args = parser.parse_args(argv)
    config = BlobConfig.from_env()
    days = args.days if args.days is not None else config.retention_days
    engine = make_engine(get_settings().database_url)
    try:
        deleted = asyncio.run(blob_store(engine, config).delete_older_than(days))
    finally:
        engine.dispose()
    print(f"deleted {deleted} blob(s) older than {days:g} days ({config.backend} store)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
