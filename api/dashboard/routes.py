"""Dashboard: the figures of the workspace's runs over a time range, in one document."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import NoReturn

from fastapi import APIRouter, HTTPException, Query, status

from core.models import utcnow
from core.models.dashboard import DashboardPublic

from ..deps import SessionDep, ViewerAccess
from ..platform.errors import SIGNED_IN
from .summary import read_dashboard

router = APIRouter(prefix="/dashboard", tags=["dashboard"], responses=SIGNED_IN)

DEFAULT_RANGE = timedelta(days=30)
MAX_RANGE = timedelta(days=366)


@router.get("", operation_id="dashboard-read_dashboard")
def read_one_dashboard(
    session: SessionDep,
    access: ViewerAccess,
    start: datetime | None = Query(
        None, alias="from", description="Start of the range (default: 30 days before `to`)"
    ),
    end: datetime | None = Query(
        None, alias="to", description="End of the range, excluded (default: now)"
    ),
    workflow_id: uuid.UUID | None = None,
) -> DashboardPublic:
    """Runs per day by status, health per workflow, slowest nodes, LLM usage, approvals.

    Runs count on the UTC day they were created; a time without an offset is UTC."""
    start, end = _time_range(start, end)
    return read_dashboard(
        session=session,
        workspace_id=access.workspace_id,
        start=start,
        end=end,
        workflow_id=workflow_id,
    )


def _time_range(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    try:
        end = _utc(end) if end else utcnow()
    except OverflowError:
        _invalid("to", "is out of range in UTC")
    try:
        start = _utc(start) if start else end - DEFAULT_RANGE
    except OverflowError:
        _invalid("to" if start is None else "from", "is out of range in UTC")
    if start >= end:
        _invalid("from", "must be before `to`")
    if end - start > MAX_RANGE:
        _invalid("from", f"must be at most {MAX_RANGE.days} days before `to`")
    return start, end


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _invalid(field: str, message: str) -> NoReturn:
    problem = {"loc": ["query", field], "msg": f"`{field}` {message}", "type": "value_error"}
    raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [problem])
