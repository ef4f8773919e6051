using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelIpAndCidrTests
{
    [Theory]
    [InlineData("isIP('127.0.0.1') && isIP('::1') && isIP('2001:db8::1.2.3.4')", "true")]
    [InlineData("isIP('127.0.0.256')", "false")]
    [InlineData("isIP(':::1')", "false")]
    [InlineData("isIP('127.0.0.01')", "false")]
    [InlineData("isIP('1.2.3')", "false")]
    [InlineData("isIP('fe80::1%eth0')", "false")]
    [InlineData("isIP('::ffff:1.2.3.4')", "false")]
    [InlineData("isIP('1:2:3:4:5:6:7:8:9')", "false")]
    [InlineData("isIP('1::2::3')", "false")]
    [InlineData("isIP('')", "false")]
    [InlineData("ip('127.0.0.1').family()", "4")]
    [InlineData("ip('::1').family()", "6")]
    [InlineData("string(ip('2001:DB8:0:0:0:0:0:ABCD'))", "\"2001:db8::abcd\"")]
    [InlineData("string(ip('1:0:0:2:0:0:0:3'))", "\"1:0:0:2::3\"")]
    [InlineData("string(ip('1:0:2:3:4:5:6:7'))", "\"1:0:2:3:4:5:6:7\"")]
    [InlineData("string(ip('::'))", "\"::\"")]
    [InlineData("string(ip('::1.2.3.4'))", "\"::102:304\"")]
    [InlineData("ip.isCanonical('127.0.0.1') && ip.isCanonical('2001:db8::abcd')", "true")]
    [InlineData("ip.isCanonical('2001:DB8::ABCD') || ip.isCanonical('2001:db8::0:0:0:abcd')", "false")]
    [InlineData("ip('127.0.0.1') == ip('127.0.0.1') && ip('::1') != ip('::2')", "true")]
    [InlineData("type(ip('::1')) == net.IP && type(ip('1.2.3.4')) != net.CIDR", "true")]
    public void Addresses(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Theory]
    [InlineData("0.0.0.0", "isUnspecified", true)]
    [InlineData("::", "isUnspecified", true)]
    [InlineData("127.0.0.1", "isUnspecified", false)]
    [InlineData("127.1.2.3", "isLoopback", true)]
    [InlineData("::1", "isLoopback", true)]
    [InlineData("2001:db8::abcd", "isLoopback", false)]
    [InlineData("224.0.0.1", "isLinkLocalMulticast", true)]
    [InlineData("224.0.1.1", "isLinkLocalMulticast", false)]
    [InlineData("ff02::1", "isLinkLocalMulticast", true)]
    [InlineData("fd00::1", "isLinkLocalMulticast", false)]
    [InlineData("169.254.169.254", "isLinkLocalUnicast", true)]
    [InlineData("192.168.0.1", "isLinkLocalUnicast", false)]
    [InlineData("fe80::1", "isLinkLocalUnicast", true)]
    [InlineData("fd80::1", "isLinkLocalUnicast", false)]
    [InlineData("192.168.0.1", "isGlobalUnicast", true)]
    [InlineData("255.255.255.255", "isGlobalUnicast", false)]
    [InlineData("2001:db8::abcd", "isGlobalUnicast", true)]
    [InlineData("ff00::1", "isGlobalUnicast", false)]
    public void Kinds(string address, string kind, bool expected) =>
        Assert.Equal(expected ? "true" : "false", Show($"ip('{address}').{kind}()"));

    [Theory]
    [InlineData("cidr('192.168.0.0/24').containsIP(ip('192.168.0.1'))", "true")]
    [InlineData("cidr('192.168.0.0/24').containsIP('192.168.1.1')", "false")]
    [InlineData("cidr('192.168.0.0/24').containsIP('::1')", "false")]
    [InlineData("cidr('192.168.0.0/16').containsCIDR(cidr('192.168.10.0/24'))", "true")]
    [InlineData("cidr('192.168.0.0/16').containsCIDR('192.168.0.1/32')", "true")]
    [InlineData("cidr('192.168.1.0/24').containsCIDR('192.168.2.0/24')", "false")]
    [InlineData("cidr('192.168.0.0/24').containsCIDR('192.168.0.0/23')", "false")]
    [InlineData("cidr('2001:db8::/32').containsCIDR('2001:db8::/33')", "true")]
    [InlineData("cidr('2001:db8::/32').containsIP('2001:dc8::1')", "false")]
    [InlineData("string(cidr('192.168.0.1/24').ip())", "\"192.168.0.1\"")]
    [InlineData("cidr('::1/128').ip().family()", "6")]
    [InlineData("string(cidr('192.168.0.1/24').masked())", "\"192.168.0.0/24\"")]
    [InlineData("string(cidr('2001:db8:1::/32').masked())", "\"2001:db8::/32\"")]
    [InlineData("string(cidr('10.0.0.0/0').masked())", "\"0.0.0.0/0\"")]
    [InlineData("cidr('192.168.0.0/24') == cidr('192.168.0.0/24').masked()", "true")]
    [InlineData("cidr('192.168.0.1/24') == cidr('192.168.0.1/24').masked()", "false")]
    [InlineData("cidr('192.168.0.0/16').prefixLength()", "16")]
    [InlineData("type(cidr('192.168.0.0/24')) == net.CIDR", "true")]
    [InlineData("isCIDR('192.168.0.0/16') && isCIDR('::1/128')", "true")]
    [InlineData("isCIDR('192.168.0.0/33') || isCIDR('::1/129') || isCIDR('10.0.0.0/08') || isCIDR('10.0.0.0') || isCIDR('::ffff:1.2.3.4/120')", "false")]
    public void Networks(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Fact]
    public void BadInputIsACelError()
    {
        Assert.Equal("IP Address \"127.0.0.01\" parse error during conversion from string: ParseAddr(\"127.0.0.01\"): IPv4 field has octet with leading zero", Error("ip('127.0.0.01')"));
        Assert.Equal("IP address \"fe80::1%eth0\" with zone value is not allowed", Error("ip('fe80::1%eth0')"));
        Assert.Equal("IPv4-mapped IPv6 address \"::ffff:1.2.3.4\" is not allowed", Error("ip('::ffff:1.2.3.4')"));
        Assert.Equal("network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix(\"192.168.0.0/\"): bad bits after slash: \"\"",
            Error("cidr('192.168.0.0/')"));
        Assert.StartsWith("IP Address \"nope\" parse error", Error("cidr('10.0.0.0/8').containsIP('nope')"));
        Assert.Equal("no such overload: family(string)", Error("'1.2.3.4'.family()"));
        Assert.Equal("no such overload: ip(int)", Error("ip(1)"));
    }
}
