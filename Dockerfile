# Build: docker build -t rcmcp .
# Run (stdio):   docker run -i --rm -e REDIS_CLOUD_API_KEY -e REDIS_CLOUD_API_SECRET_KEY rcmcp
# Try it:        docker run -i --rm rcmcp --sandbox
# HTTP:          docker run --rm -p 8787:8787 -e RCMCP_HTTP_TOKEN=<token> -e REDIS_CLOUD_API_KEY -e REDIS_CLOUD_API_SECRET_KEY \
#                  rcmcp --transport http --http-host 0.0.0.0   (binding beyond loopback requires the token; see README)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/RcMcp.Server/RcMcp.Server.csproj -c Release -o /app -p:PublishReadyToRun=true --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 XDG_STATE_HOME=/tmp
EXPOSE 8787
USER app
ENTRYPOINT ["dotnet", "RcMcp.Server.dll"]
