"""The Dockerfile: multi-stage, non-root, pinned bases, no dev extras, no secrets."""

import re
from pathlib import Path

import api.platform.web_app
from tests.deploy.files import DOCKERFILE, ROOT, image_is_pinned, is_secret_name, known_names


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def stages() -> list[list[tuple[str, str]]]:
    """Instructions grouped by FROM; each group starts with its FROM."""
    groups: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions():
        if keyword == "FROM":
            groups.append([])
        if groups:
            groups[-1].append((keyword, rest))
    return groups


def args() -> dict[str, str]:
    return dict(
        rest.split("=", 1) for keyword, rest in instructions() if keyword == "ARG" and "=" in rest
    )


def env_names() -> set[str]:
    names = set()
    for keyword, rest in instructions():
        if keyword == "ENV":
            names |= set(re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=", rest))
    return names


def test_it_builds_the_editor_then_a_slim_python_runtime():
    groups = stages()
    assert len(groups) >= 2
    bases = [args().get(g[0][1].split()[0].strip("${}"), g[0][1].split()[0]) for g in groups]
    assert bases[0].startswith("node:20")
    assert bases[-1].startswith("python:3.11-slim")
    web = " ".join(rest for _, rest in groups[0])
    assert "npm ci" in web and "npm run build" in web
    runtime = groups[-1]
    assert any(k == "COPY" and "--from=web" in r and "web/dist" in r for k, r in runtime)


def test_base_images_are_pinned():
    for group in stages():
        image = group[0][1].split()[0]
        image = args().get(image.strip("${}"), image)
        assert image_is_pinned(image), image


def test_it_installs_the_package_without_dev_extras():
    runs = [rest for keyword, rest in instructions() if keyword == "RUN" and "pip install" in rest]
    assert runs and all(re.search(r"pip install \.(\s|$)", r) for r in runs), runs
    assert not any("[dev]" in r or "-e " in r for r in runs)


def test_it_runs_as_a_non_root_user():
    users = [rest for keyword, rest in stages()[-1] if keyword == "USER"]
    assert users, "the runtime stage sets no USER"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    assert user.isdigit(), "a numeric USER lets Kubernetes' runAsNonRoot check it"


def test_every_command_has_an_entry_point_and_the_api_a_health_check():
    keywords = {keyword for keyword, _ in stages()[-1]}
    assert {"ENTRYPOINT", "CMD", "EXPOSE", "HEALTHCHECK"} <= keywords
    entrypoint = (ROOT / "deploy" / "entrypoint.sh").read_text()
    for command in ("api", "worker", "migrate", "rotate-keys"):
        assert f"    {command})" in entrypoint
    assert dict(stages()[-1])["EXPOSE"] == "8000"


def test_the_editor_lands_where_the_api_serves_it():
    # api/platform/web_app.py serves <parent of the api package>/web/dist; installed, that is
    # site-packages. The image must copy web/dist to the same place.
    copy = next(r for k, r in stages()[-1] if k == "COPY" and "--from=web" in r)
    destination = Path(copy.split()[-1])
    package = Path(api.platform.web_app.__file__).resolve().parents[1]  # the api package
    assert api.platform.web_app.WEB_DIST == package.parent / "web" / "dist"
    assert destination.parts[-3:] == ("site-packages", "web", "dist")
    venv = next(r for k, r in instructions() if k == "RUN" and "venv" in r).split()[-1]
    assert destination == Path(venv) / "lib" / "python3.11" / "site-packages" / "web" / "dist"


def test_no_secret_is_baked_in_and_env_names_are_settings():
    names = env_names() | set(args())
    assert not {n for n in names if is_secret_name(n)}
    sluice = names - {"PATH", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"}
    sluice -= {"PIP_DISABLE_PIP_VERSION_CHECK", "NODE_IMAGE", "PYTHON_IMAGE"}
    assert sluice <= known_names()


def test_the_build_context_leaves_local_state_out():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".env", ".venv", ".git", ".data", "web/node_modules", "web/dist"):
        assert entry in ignored, f".dockerignore must leave out {entry}"


def test_every_package_is_copied_and_the_cli_keeps_its_name():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = [p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]]
    copied = {rest.split()[0].rstrip("/") for k, rest in instructions() if k == "COPY"}
    assert set(packages) <= copied, f"not copied into the image: {set(packages) - copied}"
    # The console script `sluice` (the CLI) must not be shadowed by the image's entry point.
    assert "sluice" in project["project"]["scripts"]
    entry = [rest for k, rest in stages()[-1] if k == "COPY" and "entrypoint.sh" in rest][0]
    assert entry.split()[-1] != "/usr/local/bin/sluice"
