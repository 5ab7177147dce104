"""The same tables, migrations and data functions work on SQLite (the local default)."""

from sqlmodel import Session

from api.accounts.users import create_user
from api.accounts.workspaces import memberships
from api.migrate import migrate
from api.workflows import store as crud
from api.workflows.graph_schema import Graph, WorkflowCreate, WorkflowUpdate
from core.db import make_engine
from tests.utils.api import simple_graph


def test_sqlite_file_database(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'sluice.db'}")
    migrate(engine)
    migrate(engine)  # a second start finds the schema current
    graph = Graph.model_validate(simple_graph())
    with Session(engine) as session:
        user = create_user(session=session, email="Lite@Example.com", password="x", is_admin=True)
        [(membership, workspace)] = memberships(session=session, user_id=user.id)
        assert (membership.role, workspace.personal, user.email) == (
            "owner",
            True,
            "lite@example.com",
        )
        workflow, _ = crud.create_workflow(
            session=session,
            workspace_id=workspace.id,
            data=WorkflowCreate(name="lite", graph=graph),
        )
        crud.update_workflow(
            session=session, workflow=workflow, data=WorkflowUpdate(name="lite", graph=graph)
        )
        versions = crud.read_versions(session=session, workflow_id=workflow.id)
        assert [v.version for v in versions] == [2, 1]
        assert versions[0].graph["nodes"][1]["data"]["config"] == {"value": "{{ inputs.x }}"}
        rows, count = crud.read_workflows(
            session=session, workspace_id=workspace.id, offset=0, limit=10
        )
        assert count == 1 and rows[0].name == "lite"
    assert (tmp_path / "nested" / "sluice.db").exists()
