# syntax=docker/dockerfile:1
# brief as a container image: a static binary on a distroless base, run as
# a non-root user, its state in the /data volume.
#
#   docker build -t brief .
#   docker run -d --name brief --env-file .env -v brief-data:/data -p 127.0.0.1:8080:8080 brief
#
# The build stage runs the README's build command word for word (a test in
# deploy/ runs this stage's commands and checks that they build the same
# binary as the README's): the binary in the image is the one `go build`
# makes. Pin the base images by digest (FROM golang:1.26@sha256:…) when you
# want builds that never change under you.

FROM golang:1.26 AS build
WORKDIR /src
# Modules first, so that a change in the code does not download them again.
COPY go.mod go.sum ./
RUN go mod download
# .git is part of the context on purpose: go build stamps the VCS revision
# and the module version (from a tag) that `bot version` and
# brief_build_info show. .dockerignore keeps .env and local state out.
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/bot ./cmd/bot
# The runtime image has no shell: make /data and its articles folder here,
# owned by the runtime user, so a new named volume starts out writable.
RUN mkdir -p /out/data/articles

FROM gcr.io/distroless/static-debian13:nonroot
# static-debian13 brings CA certificates (Slack, Discord and feeds over
# TLS), /etc/passwd with nonroot (65532) and /tmp; the binary embeds the
# time zone database.
COPY --from=build /out/bot /usr/local/bin/bot
COPY --from=build --chown=65532:65532 /out/data /data
ENV BRIEF_DB=/data/brief.db \
    BRIEF_ARTICLES_DIR=/data/articles \
    BRIEF_HTTP_ADDR=:8080
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
# No curl in the image: the binary asks itself (GET /healthz on
# BRIEF_HTTP_ADDR over loopback; exit status 0 when it is up).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/bot", "health"]
ENTRYPOINT ["/usr/local/bin/bot"]
CMD ["run"]
