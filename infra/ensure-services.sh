#!/usr/bin/env bash
# Makes sure the production services Qihang's tests and production path use are present and running:
# PostgreSQL (with the pgvector extension installed) and Redis. Idempotent: every step checks first.
#
# pgvector is not packaged for PostgreSQL 15 on Debian 12, so when it is missing we build it from the
# Debian source package of a newer release (deb-src only: no binary package comes from there).
set -euo pipefail

PG_MAJOR="${PG_MAJOR:-15}"
PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"
PGVECTOR_SRC_SUITE="${PGVECTOR_SRC_SUITE:-trixie}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

log() { printf '[ensure-services] %s\n' "$*"; }

apt_updated=""
apt_update() { [ -n "$apt_updated" ] || { $SUDO apt-get update -qq; apt_updated=1; }; }

ensure_pgvector() {
  local sharedir
  if [ -x "$PG_CONFIG" ]; then sharedir="$("$PG_CONFIG" --sharedir)"; else sharedir="/usr/share/postgresql/${PG_MAJOR}"; fi
  if [ -f "${sharedir}/extension/vector.control" ]; then
    log "pgvector already installed for PostgreSQL ${PG_MAJOR}"
    return
  fi
  log "pgvector missing for PostgreSQL ${PG_MAJOR}: building it from Debian source"
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "postgresql-server-dev-${PG_MAJOR}" build-essential dpkg-dev >/dev/null
  local list=/etc/apt/sources.list.d/qihang-pgvector-src.sources
  if [ ! -f "$list" ]; then
    $SUDO tee "$list" >/dev/null <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: ${PGVECTOR_SRC_SUITE}
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    $SUDO apt-get update -qq
  fi
  local work; work="$(mktemp -d)"
  (
    cd "$work"
    apt-get source --download-only pgvector >/dev/null 2>&1 || apt-get source --download-only pgvector
    dpkg-source -x --no-check ./pgvector_*.dsc src >/dev/null
    cd src
    # OPTFLAGS="" : no -march=native, so the build runs on any x86_64 machine of this kind.
    make -s OPTFLAGS="" PG_CONFIG="$PG_CONFIG" >/dev/null
    $SUDO make -s OPTFLAGS="" PG_CONFIG="$PG_CONFIG" install >/dev/null
  )
  rm -rf "$work"
  log "pgvector installed"
}

# The console's browser tests drive Debian's Chromium (no browser download) and need a CJK font, or every
# Chinese character in the screenshots is a box.
ensure_browser() {
  if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "wqy\|noto sans cjk"; then
    log "Chromium and a CJK font are installed"
    return
  fi
  log "installing Chromium and a CJK font (Debian packages) for the console's browser tests"
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  log "Chromium installed"
}

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432; then log "PostgreSQL is running"; return; fi
  log "starting PostgreSQL ${PG_MAJOR}"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "${PG_MAJOR}" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return; sleep 1; done
  log "PostgreSQL did not become ready"; exit 1
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then log "Redis is running"; return; fi
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/qihang.log
  for _ in $(seq 1 30); do redis-cli ping >/dev/null 2>&1 && return; sleep 1; done
  log "Redis did not become ready"; exit 1
}

ensure_database() {
  local db="$1"
  if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='${db}'" | grep -q 1; then
    log "creating database ${db}"
    psql -h 127.0.0.1 -U postgres -qc "create database ${db}"
  fi
}

if ! command -v pg_isready >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
  log "PostgreSQL ${PG_MAJOR} and Redis are not installed on this machine."
  log "Install them (Debian: apt-get install postgresql-${PG_MAJOR} redis-server) or run them with Docker:"
  log "  docker compose -f infra/docker-compose.yml up -d"
  exit 1
fi
ensure_pgvector
ensure_browser
ensure_postgres
ensure_redis
for db in ${QIHANG_DATABASES:-qihang qihang_test}; do ensure_database "$db"; done
log "ready"
