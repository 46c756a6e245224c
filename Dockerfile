# Build: docker build -t rcmcp .
# Run (stdio):   docker run -i --rm -e REDIS_CLOUD_API_KEY -e REDIS_CLOUD_API_SECRET_KEY rcmcp
# Try it:        docker run -i --rm rcmcp --sandbox
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/RcMcp.Server/RcMcp.Server.csproj -c Release -o /app -p:PublishReadyToRun=true --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 XDG_STATE_HOME=/tmp
USER app
ENTRYPOINT ["dotnet", "RcMcp.Server.dll"]
