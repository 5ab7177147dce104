"""Every provider answer is billed: record its tokens and cost per attempt, right after it
arrives, so a run shows what it cost even when the node later failed (`billed` beside the
succeeded-only `totals`). A worker killed between the answer and the write loses that one."""

import asyncio
import logging
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from temporalio import activity

from core.models import LlmUsage
from core.side_effects import record_usage
from interpreter import NodeTask

from ._common import ChatReply, ChatRequest, Provider, price_of

logger = logging.getLogger(__name__)


def billing(send: Provider, engine: Engine, task: NodeTask) -> Provider:
    """`send` that records each answer's usage for `task` before returning it."""

    async def billed_send(credential: dict[str, Any], request: ChatRequest) -> ChatReply:
        reply = await send(credential, request)
        price = price_of(reply.model)
        cost = 0.0
        if price is not None:
            cost = (reply.input_tokens * price[0] + reply.output_tokens * price[1]) / 1e6
        usage = LlmUsage(
            run_id=task.run_id,
            node_id=task.node_id,
            attempt=activity.info().attempt if activity.in_activity() else 1,
            model=reply.model[:200],
            input_tokens=reply.input_tokens,
            output_tokens=reply.output_tokens,
            cost=round(cost, 8),
        )
        try:
            await asyncio.to_thread(record_usage, engine, usage)
        except SQLAlchemyError as exc:  # the answer is paid for; the node goes on
            logger.error("could not record LLM usage of %s: %s", task.node_id, type(exc).__name__)
        return reply

    return billed_send
