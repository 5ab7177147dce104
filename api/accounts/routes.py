"""The accounts routers in their order: sign-in, passwords, workspaces and members."""

from fastapi import APIRouter

from . import auth_routes, password_routes, workspace_routes

router = APIRouter()
for _routes in (auth_routes, password_routes, workspace_routes):
    router.include_router(_routes.router)
