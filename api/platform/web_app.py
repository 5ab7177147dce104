"""Serves the built editor (web/dist) at `/`, with index.html for client-side routes."""

from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

WEB_DIST = Path(__file__).resolve().parents[2] / "web" / "dist"


def mount_web_app(app: FastAPI, dist: Path = WEB_DIST) -> None:
    """Add the editor's routes when it has been built (`make web`); else a hint at `/`."""
    root = dist.resolve()

    @app.get("/{path:path}", include_in_schema=False)
    def web_app(path: str) -> FileResponse:
        if path.startswith("api/") or path == "api":
            raise HTTPException(404, f"no API route /{path}")
        if not (root / "index.html").exists():
            raise HTTPException(404, "the editor is not built; run `make web` (or `make run`)")
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            # Vite puts a content hash in every name under assets/: they never change.
            cache = (
                "public, max-age=31536000, immutable" if path.startswith("assets/") else "no-cache"
            )
            return FileResponse(candidate, headers={"Cache-Control": cache})
        return FileResponse(root / "index.html", headers={"Cache-Control": "no-cache"})
