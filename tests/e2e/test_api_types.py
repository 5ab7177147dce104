"""The editor still type-checks against the API as it is now.

Its types (web/src/api/schema.d.ts) are generated from the OpenAPI schema and committed. This
test generates them afresh from the running API and compiles the editor against them, so a
change to an operation the editor uses fails here; additions to the API do not.
"""

import asyncio
import json
import shutil
from pathlib import Path

from .conftest import WEB


async def _run(*command: str, cwd: Path) -> str:
    process = await asyncio.create_subprocess_exec(
        *command, cwd=cwd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, out.decode()[-5000:]
    return out.decode()


async def test_editor_compiles_against_the_current_api(
    api_url: str, nodejs: str, web_dist: Path, tmp_path: Path
) -> None:
    shutil.copytree(WEB / "src", tmp_path / "src")
    (tmp_path / "node_modules").symlink_to(WEB / "node_modules")
    (tmp_path / "tsconfig.json").write_text(
        json.dumps(
            {
                "extends": str(WEB / "tsconfig.app.json"),
                "compilerOptions": {"tsBuildInfoFile": None, "incremental": False},
                "include": ["src"],
            }
        )
    )
    bin_dir = WEB / "node_modules"
    await _run(
        nodejs,
        str(bin_dir / "openapi-typescript" / "bin" / "cli.js"),
        f"{api_url}/openapi.json",
        "-o",
        str(tmp_path / "src" / "api" / "schema.d.ts"),
        cwd=tmp_path,
    )
    try:
        await _run(nodejs, str(bin_dir / "typescript" / "bin" / "tsc"), "-p", ".", cwd=tmp_path)
    except AssertionError as failure:
        raise AssertionError(
            "the editor no longer type-checks against the API's OpenAPI schema; run "
            "`npm run gen:api` in web/ against this API, fix what `npm run build` reports, "
            f"and commit web/src/api/schema.d.ts:\n{failure}"
        ) from None
