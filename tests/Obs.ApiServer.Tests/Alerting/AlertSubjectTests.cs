using Obs.Api.Resources;
using Obs.ApiServer.Alerting;

namespace Obs.ApiServer.Tests.Alerting;

public sealed class AlertSubjectTests
{
    [Theory]
    [InlineData("namespace=shop,pod=web-1,node=n1,deployment=web", "Pod", "shop", "web-1")]
    [InlineData("namespace=shop,deployment=web", "Deployment", "shop", "web")]
    [InlineData("namespace=shop,job_name=backup,job=kube-state-metrics", "Job", "shop", "backup")]
    [InlineData("namespace=shop,service=checkout", "Service", "shop", "checkout")]
    [InlineData("node=n1,instance=127.0.0.1:10250", "Node", null, "n1")]
    [InlineData("namespace=shop", "Namespace", null, "shop")]
    public void TheMostSpecificObjectNamedByTheLabelsIsTheSubject(string labels, string kind, string? ns, string name)
    {
        var map = labels.Split(',').Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]);
        var subject = AlertSubject.From(map)!;
        Assert.Equal((kind, ns, name), (subject.Type.Kind, subject.Namespace, subject.Name));
        Assert.Equal(ns ?? "default", subject.EventNamespace);
    }

    [Fact]
    public void AnAlertNamingNoObjectHasNoSubject() =>
        Assert.Null(AlertSubject.From(new Dictionary<string, string> { ["alertname"] = "Watchdog", ["instance"] = "x" }));

    [Fact]
    public void APodWithoutANamespaceIsNotGuessed() =>
        Assert.Equal(ResourceTypes.Node, AlertSubject.From(new Dictionary<string, string> { ["pod"] = "web-1", ["node"] = "n1" })!.Type);
}
