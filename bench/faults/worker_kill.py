"""Runs of the 6-node mail graph while one of 3 workers is SIGKILLed every 3 s and restarted."""

import asyncio
import contextlib
import time

from ._runs import (
    count_email_retries,
    create_workflow,
    deliver_all,
    mail_graph,
    smtp_credential,
    temporal_client,
    wait_closed,
)
from ._stack import Deadline, Stack, say, signed_in, stack

MAX_OWN_EXITS = 3
"""Restarted workers that die by themselves (e.g. a broken tree) fail the scenario at once."""
TARGET = "all runs complete, 0 emails lost, duplicates ≤ crashes inside the send"


async def _kill_loop(running: Stack, stop: asyncio.Event, every: float, limit: int) -> int:
    """Every `every` seconds SIGKILL the longest-polling worker and start it again at once;
    a tick with fewer than 2 workers polling kills none (one always stays up: on a loaded
    box a restart can outlast several ticks). Answers the ticks skipped."""
    kills = skipped = 0
    await asyncio.sleep(every / 2)
    while not stop.is_set() and kills < limit:
        for dead in [w for w in running.workers if not w.alive()]:
            dead.exits += 1
            await asyncio.to_thread(dead.start)
        polling = [w for w in running.workers if w.polling()]
        if len(polling) >= 2:
            worker = polling[0]
            await asyncio.to_thread(worker.kill)
            await asyncio.to_thread(worker.start)
            running.workers.remove(worker)
            running.workers.append(worker)  # the longest-polling one comes first
            kills += 1
            say(f"worker {worker.log.stem} SIGKILLed and restarted (kill {kills})")
        else:
            skipped += 1
        if sum(w.exits for w in running.workers) >= MAX_OWN_EXITS:
            tail = running.workers[-1].log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"workers keep exiting on their own; last log:\n{tail}")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)
    return skipped


async def _scenario(full: bool) -> dict:
    runs, kill_limit = (200, 10**6) if full else (12, 2)
    deadline = Deadline(900 if full else 85)
    began = time.monotonic()
    with stack(workers=3) as running:
        http = await signed_in(running.api_url)
        credential = await smtp_credential(http, running.smtp.port)
        workflow_id, url = await create_workflow(
            http, "chaos: worker kills", mail_graph(running.http_url, credential)
        )
        client = await temporal_client(running)
        stop = asyncio.Event()
        killer = asyncio.create_task(_kill_loop(running, stop, 3.0, kill_limit))
        say(f"delivering {runs} webhooks while workers are killed ...")
        seen = await deliver_all(http, url, runs, deadline)
        temporal_ids = [f"{workflow_id}-{r}" for r in seen.runs.values()]
        closing = asyncio.ensure_future(wait_closed(client, temporal_ids, deadline))
        await asyncio.wait([closing, killer], return_when=asyncio.FIRST_COMPLETED)
        if killer.done() and killer.exception():
            closing.cancel()
            raise killer.exception()  # type: ignore[misc]
        outcome = await closing
        stop.set()
        skipped = await killer
        retries = await count_email_retries(client, temporal_ids)
        await http.aclose()
        smtp = running.smtp
        kills = sum(w.kills for w in running.workers)
        exits = sum(w.exits for w in running.workers) + sum(not w.alive() for w in running.workers)
        emailed = sum(1 for n in range(runs) if smtp.by_subject[f"order {n}"] > 0)
    figures: dict[str, float | int | str] = {
        "runs": runs,
        "completed": outcome.completed,
        "failed": outcome.failed,
        "lost (not completed by the deadline)": runs - outcome.completed - outcome.failed,
        "worker SIGKILLs": kills,
        "emails received (distinct runs)": emailed,
        "emails lost": runs - emailed,
        "emails duplicated (same Message-ID)": smtp.duplicates(),
        "crashes inside the send (email attempts > 1)": retries,
        "worker exits not caused by a kill": exits,
        "kill ticks skipped (< 2 workers polling)": skipped,
        "deliveries refused and retried": seen.refused,
        "seconds": round(time.monotonic() - began, 1),
    }
    passed = (
        outcome.completed == runs
        and emailed == runs
        and smtp.duplicates() <= retries
        and (kills >= 1)
    )
    result = (
        f"{outcome.completed}/{runs} completed, {runs - emailed} lost, "
        f"{smtp.duplicates()} dup ≤ {retries} crashes in send, {kills} kills"
    )
    return {
        "scenario": "worker_kill",
        "target": TARGET,
        "result": result,
        "passed": passed,
        "figures": figures,
    }


def run(full: bool) -> dict:
    """The scenario; see the package docstring for the answer's shape."""
    return asyncio.run(_scenario(full))
