using Obs.ServiceProxy.Configuration;

namespace Obs.ServiceProxy.Tests.Configuration;

public sealed class ProtocolSelectionTests
{
    [Theory]
    [InlineData("TCP", null, "http", nameof(ProxyProtocol.Http1))]
    [InlineData("TCP", null, "http-web", nameof(ProxyProtocol.Http1))]
    [InlineData("TCP", null, "HTTP", nameof(ProxyProtocol.Http1))]
    [InlineData("TCP", null, "http2", nameof(ProxyProtocol.Http2))]
    [InlineData("TCP", null, "h2c-api", nameof(ProxyProtocol.Http2))]
    [InlineData("TCP", null, "grpc", nameof(ProxyProtocol.Http2))]
    [InlineData("TCP", null, "grpc-web", nameof(ProxyProtocol.Http2))]
    [InlineData("TCP", null, "https", nameof(ProxyProtocol.Tcp))]
    [InlineData("TCP", null, "httpd", nameof(ProxyProtocol.Tcp))]
    [InlineData("TCP", null, "postgres", nameof(ProxyProtocol.Tcp))]
    [InlineData("TCP", null, null, nameof(ProxyProtocol.Tcp))]
    [InlineData(null, null, "http", nameof(ProxyProtocol.Http1))]
    [InlineData("TCP", "kubernetes.io/h2c", "http", nameof(ProxyProtocol.Http2))]
    [InlineData("TCP", "http", "metrics", nameof(ProxyProtocol.Http1))]
    [InlineData("TCP", "kubernetes.io/ws", null, nameof(ProxyProtocol.Http1))]
    [InlineData("TCP", "https", "http", nameof(ProxyProtocol.Tcp))]
    [InlineData("TCP", "kubernetes.io/wss", null, nameof(ProxyProtocol.Tcp))]
    [InlineData("TCP", "mysql", "http", nameof(ProxyProtocol.Tcp))]
    [InlineData("UDP", null, "dns", nameof(ProxyProtocol.Udp))]
    [InlineData("UDP", "http", "http", nameof(ProxyProtocol.Udp))]
    public void AppProtocolWinsOverThePortNamePrefix(string? protocol, string? appProtocol, string? name, string expected) =>
        Assert.Equal(Enum.Parse<ProxyProtocol>(expected), ProtocolSelection.For(protocol, appProtocol, name));

    [Fact]
    public void SctpIsNotCarried() => Assert.Null(ProtocolSelection.For("SCTP", null, "http"));
}
