"""`python -m worker`: run one worker process."""

import asyncio

from core.config import get_settings

from ._worker import run_worker

if __name__ == "__main__":
    asyncio.run(run_worker(get_settings()))
