# syntax=docker/dockerfile:1
# Sluice: one image for every process. `docker run IMAGE api` (the default) serves the API
# and the editor; `worker`, `migrate`, `rotate-keys` and `blobs-cleanup` run the others
# (deploy/entrypoint.sh). No secret is baked in: every setting comes from the environment.
#
#   docker build -t sluice .

ARG NODE_IMAGE=node:20-bookworm-slim
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- 1. the editor: web/ -> web/dist ---------------------------------------------------
FROM ${NODE_IMAGE} AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# --- 2. Sluice and its dependencies in a venv (no dev extras) --------------------------
FROM ${PYTHON_IMAGE} AS python
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY core/ core/
COPY api/ api/
COPY worker/ worker/
COPY activities/ activities/
COPY interpreter/ interpreter/
COPY cli/ cli/
COPY importers/ importers/
RUN --mount=type=cache,target=/root/.cache/pip pip install .

# --- 3. runtime ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    API_HOST=0.0.0.0 \
    API_PORT=8000
RUN groupadd --system --gid 10001 sluice \
    && useradd --system --uid 10001 --gid sluice --home-dir /app --shell /usr/sbin/nologin sluice \
    && mkdir -p /app \
    && chown sluice:sluice /app
COPY --from=python /opt/venv /opt/venv
# api/platform/web_app.py serves web/dist beside the installed `api` package, i.e. site-packages/.
COPY --from=web /src/web/dist /opt/venv/lib/python3.11/site-packages/web/dist
COPY --chmod=755 deploy/entrypoint.sh /usr/local/bin/sluice-server
COPY --chmod=755 deploy/healthcheck.py /usr/local/bin/sluice-healthcheck
WORKDIR /app
# Numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
EXPOSE 8000
# For the api command; compose and Kubernetes give workers their own check (port 9464).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["sluice-healthcheck", "api"]
ENTRYPOINT ["sluice-server"]
CMD ["api"]
