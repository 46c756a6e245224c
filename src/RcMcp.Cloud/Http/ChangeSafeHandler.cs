namespace RcMcp.Cloud.Http;

/// <summary>
/// The innermost handler of the chain, right above the network. SocketsHttpHandler re-sends a request on its own when
/// the server closes the connection before any byte of the answer arrives and the request has no content
/// (HttpConnection marks such a request retryable on a premature EOF, on new and reused connections alike). That is
/// exactly what a DELETE is, and the server may already have acted on it. So every request that is not a read
/// carries content (an empty body, <c>Content-Length: 0</c>, when it has none) and never <c>Expect: 100-continue</c>:
/// then .NET's pool reports the failure instead of re-sending, and a change reaches the API at most once unless
/// <see cref="RetryRules"/> decides otherwise.
/// </summary>
internal sealed class ChangeSafeHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!RetryRules.IsSafe(request.Method))
        {
            request.Content ??= new ByteArrayContent([]);
            request.Headers.ExpectContinue = false;
        }
        return base.SendAsync(request, cancellationToken);
    }
}
