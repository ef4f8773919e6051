using System.Text;
using Obs.Exporter.Collectors;
using Obs.Exporter.Tests.Exposition;

namespace Obs.Exporter.Tests.Collectors;

public sealed class UnameCollectorTests
{
    [Fact]
    public void UtsnameFieldsBecomeSortedLabels()
    {
        var utsname = new byte[65 * 6];
        string[] fields = ["Linux", "node-1", "6.1.0-18-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)", "x86_64", "(none)"];
        for (var i = 0; i < fields.Length; i++)
        {
            Encoding.ASCII.GetBytes(fields[i]).CopyTo(utsname, i * 65);
        }
        Assert.Equal(""""
        # HELP node_uname_info Labeled system information as provided by the uname system call.
        # TYPE node_uname_info gauge
        node_uname_info{domainname="(none)",machine="x86_64",nodename="node-1",release="6.1.0-18-amd64",sysname="Linux",version="#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)"} 1

        """", Rendered.Text(writer => UnameCollector.Write(utsname, writer)));
    }

    [Fact]
    public void ThisNodeIsLinuxWithItsHostName()
    {
        var text = NodeFixtures.Collect(new UnameCollector());
        Assert.Contains("sysname=\"Linux\"", text, StringComparison.Ordinal);
        Assert.Contains($"nodename=\"{Environment.MachineName}\"", text, StringComparison.Ordinal);
    }
}
