# Dockerfile — the ansinhd image: the daemon ansinhd and the client ansinh on
# Debian 12 (bookworm). docker-compose.yml runs it beside PostgreSQL.
#
#   docker build -t ansinhd:local .
#   docker run --rm ansinhd:local version
#   docker run --rm ansinhd:local serve --help
#
# The default command serves clients over TLS on 0.0.0.0:7420 and the admin
# endpoint (/healthz /readyz /metrics, plain HTTP) on 0.0.0.0:7421 inside the
# container: publish 7421 on the host's loopback only, it has no
# authentication. The certificate chain and its key are read from the
# volume /etc/ansinhd/tls (server.crt, server.key; docker-compose.yml gives
# the key as a secret instead). Other settings come from ANSINHD_* variables
# (ansinhd(8)); the database from ANSINHD_DB and/or the PG* variables, the
# password from the file ANSINHD_DB_PASSWORD_FILE names (a secret; see
# sql/docker/ansinhd-entrypoint) or PGPASSWORD. `ansinhd migrate`,
# `ansinhd check-config` and `ansinhd token …` run from the same image with
# another command. tests/static/containers.t checks this file.

# ---------------------------------------------------------------- build
FROM debian:12 AS build

# libc6-dev is only a Recommends of gcc; perl (for the migrations embedder)
# is in the base image.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        make gcc libc6-dev \
        libevent-dev libprotobuf-c-dev protobuf-c-compiler libpq-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
# .dockerignore admits only the sources the two binaries are built from.
COPY . .
# Not -j: the Makefile generates the protobuf-c pair from one rule per file.
RUN make server/ansinhd client/ansinh \
 && server/ansinhd version \
 && client/ansinh --version

# ---------------------------------------------------------------- runtime
FROM debian:12-slim

LABEL org.opencontainers.image.title="ansinhd" \
      org.opencontainers.image.description="ansinh daemon and client: welfare records of poor and near-poor households, kept in PostgreSQL"

# Exactly the shared libraries the binaries link (libevent's core, extra —
# evhttp — and openssl parts; not the all-in-one libevent-2.1-7); the test
# compares this list with the binaries' NEEDED libraries.
# ca-certificates: for verify-full connections to PostgreSQL.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libevent-core-2.1-7 libevent-extra-2.1-7 libevent-openssl-2.1-7 \
        libprotobuf-c1 libpq5 libssl3 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 ansinh \
 && useradd --system --uid 10001 --gid ansinh --create-home \
        --home-dir /home/ansinh --shell /usr/sbin/nologin ansinh \
 && mkdir -p /etc/ansinhd/tls

COPY --from=build /src/server/ansinhd /src/client/ansinh /usr/local/bin/
COPY sql/docker/ansinhd-healthcheck sql/docker/ansinhd-entrypoint /usr/local/bin/

# Numeric, so that a runtime can check it is not root without /etc/passwd.
USER 10001:10001
WORKDIR /home/ansinh
ENV HOME=/home/ansinh

# The daemon's certificate chain and key (and, if used, the offices' CA).
VOLUME ["/etc/ansinhd/tls"]

EXPOSE 7420 7421

# SIGTERM drains: in-flight work finishes, then exit 0 (within
# --drain-timeout, default 30 s: give `docker stop` a longer -t).
STOPSIGNAL SIGTERM

# GET /readyz on the admin listener, through bash's /dev/tcp (no curl here).
# The script finds the address from ansinhd's own command line or
# ANSINHD_ADMIN_LISTEN, as ansinhd does. Run through bash so that a checkout
# without the executable bit still works.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["bash", "/usr/local/bin/ansinhd-healthcheck"]

# The entrypoint reads the password file, then execs ansinhd with the
# command (ansinhd is PID 1).
ENTRYPOINT ["bash", "/usr/local/bin/ansinhd-entrypoint"]
CMD ["serve", "--listen", "0.0.0.0:7420", "--admin-listen", "0.0.0.0:7421", \
     "--tls-cert", "/etc/ansinhd/tls/server.crt", "--tls-key", "/etc/ansinhd/tls/server.key"]
