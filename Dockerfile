# syntax=docker/dockerfile:1
# complyscan container: `docker run --read-only --tmpfs /tmp -v "$PWD/out:/out" IMAGE scan ...`
# No credentials are baked in: the SDKs' default chains find them at run time (env vars,
# EKS IRSA / ECS task role, GKE workload identity, Azure managed identity). See docs/deployment.md.
#
# python:3.11-slim (3.11.16, Debian trixie) pinned by its multi-arch index digest, as published
# in public Dockerfiles; re-resolve and bump it to pick up base-image security fixes:
#   docker buildx imagetools inspect python:3.11-slim --format '{{json .Manifest.Digest}}'
ARG PYTHON_IMAGE=python:3.11-slim@sha256:e41613d42d4891e4930f79523f93f81bbc7632584ec65e36ab055f41a800b41e

# --- stage 1: build the wheel from the sources only ----------------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
# The build backend, pinned by hash; the wheel is then built without build isolation.
COPY docker/build-requirements.txt /tmp/build-requirements.txt
RUN python -m pip install --no-cache-dir --require-hashes --only-binary=:all: \
        -r /tmp/build-requirements.txt
COPY pyproject.toml README.md ./
COPY scanner ./scanner
COPY checks ./checks
COPY providers ./providers
RUN python -m pip wheel --no-cache-dir --no-deps --no-build-isolation --wheel-dir /dist .

# --- stage 2: runtime ------------------------------------------------------------------------
FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    HOME=/home/complyscan
COPY --from=build /dist/ /tmp/dist/
# Dependencies resolve from PyPI at build time (pyproject's ranges; there is no lock file yet).
# The extras are what a container job uses: a shared PostgreSQL history store (postgres) and
# the agent's Parquet push to Security Lake (securitylake).
# The venv is owned by root, so the scanner cannot modify itself at run time.
RUN python -m venv /opt/venv \
    && set -- /tmp/dist/complyscan-*.whl \
    && /opt/venv/bin/pip install --no-cache-dir "$1[postgres,securitylake]" \
    && rm -rf /tmp/dist \
    && groupadd --gid 10001 complyscan \
    && useradd --uid 10001 --gid 10001 --home-dir /home/complyscan --create-home \
        --shell /usr/sbin/nologin complyscan \
    && chmod 0755 /home/complyscan \
    && install -d -o 10001 -g 10001 -m 0750 /out
# Reports go to /out (mount a volume there); the default --output-dir is ./complyscan-out,
# i.e. /out/complyscan-out. A .complyscan.yaml in the mounted /out is picked up too.
WORKDIR /out
USER 10001:10001
ENTRYPOINT ["complyscan"]
CMD ["--help"]
