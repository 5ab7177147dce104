"""`python -m api`: serve the API with uvicorn."""

import uvicorn

from core.config import get_settings

if __name__ == "__main__":
    settings = get_settings()
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=settings.api_host,
        port=settings.api_port,
        access_log=settings.api_access_log,
    )
