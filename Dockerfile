# Build: docker build -t rcmcp .
# Run (stdio):   docker run -i --rm -e REDIS_CLOUD_API_KEY -e REDIS_CLOUD_API_SECRET_KEY rcmcp
# Try it:        docker run -i --rm rcmcp --sandbox
# HTTP:          docker run --rm -p 8787:8787 -e RCMCP_HTTP_TOKEN=<token> -e REDIS_CLOUD_API_KEY -e REDIS_CLOUD_API_SECRET_KEY \
#                  rcmcp --transport http --http-host 0.0.0.0   (binding beyond loopback requires the token; see README)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The Native AOT compiler links with clang.
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN bash scripts/publish.sh /out

# The native executable needs no .NET runtime: only the runtime dependencies image.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
COPY --from=build /out/rcmcp /usr/local/bin/rcmcp
ENV XDG_STATE_HOME=/tmp
EXPOSE 8787
USER app
ENTRYPOINT ["rcmcp"]
