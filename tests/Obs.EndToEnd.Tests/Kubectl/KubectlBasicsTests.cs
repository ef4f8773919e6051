using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.EndToEnd.Tests.Kubectl;

/// <summary>The everyday kubectl commands against an Obs apiserver, as a user types them.</summary>
public sealed class KubectlBasicsTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task VersionReportsTheServerAsKubernetes132()
    {
        var json = JsonNode.Parse(await cluster.KubectlOkAsync("version", "-o", "json"))!;
        Assert.Equal("1", json["serverVersion"]!["major"]!.GetValue<string>());
        Assert.Equal("32", json["serverVersion"]!["minor"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApiResourcesListsTheServedResourcesWithShortNames()
    {
        var output = await cluster.KubectlOkAsync("api-resources");
        var deployments = output.Split('\n').Single(l => l.StartsWith("deployments ", StringComparison.Ordinal));
        Assert.Contains("deploy", deployments);
        Assert.Contains("apps/v1", deployments);
        Assert.Contains(output.Split('\n'), l => l.StartsWith("namespaces ", StringComparison.Ordinal) && l.Contains("false"));
    }

    [Fact]
    public async Task GetNamespacesListsTheFourSystemNamespaces()
    {
        var names = (await cluster.KubectlOkAsync("get", "ns", "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" }) Assert.Contains($"namespace/{ns}", names);
    }

    [Fact]
    public async Task CreateNamespaceSendsProtobufAndTheNamespaceExists()
    {
        Assert.Contains("namespace/proto-demo created", await cluster.KubectlOkAsync("create", "namespace", "proto-demo"));
        var ns = JsonNode.Parse(await cluster.KubectlOkAsync("get", "ns", "proto-demo", "-o", "json"))!;
        Assert.Equal("Active", ns["status"]!["phase"]!.GetValue<string>());
        Assert.NotNull(ns["metadata"]!["uid"]);
    }

    [Fact]
    public async Task ApplyCreatesThenConfiguresThenReportsUnchanged()
    {
        var path = cluster.Manifest("apply-web.yaml", Deployment("apply-web", "nginx:1.25", replicas: 2));
        Assert.Contains("deployment.apps/apply-web created", await cluster.KubectlOkAsync("apply", "-f", path));
        Assert.Contains("deployment.apps/apply-web unchanged", await cluster.KubectlOkAsync("apply", "-f", path));

        cluster.Manifest("apply-web.yaml", Deployment("apply-web", "nginx:1.26", replicas: 2));
        Assert.Contains("deployment.apps/apply-web configured", await cluster.KubectlOkAsync("apply", "-f", path));
        var live = JsonNode.Parse(await cluster.KubectlOkAsync("get", "deploy", "apply-web", "-o", "json"))!;
        Assert.Equal("nginx:1.26", live["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(2, live["metadata"]!["generation"]!.GetValue<long>());
        var rv = live["metadata"]!["resourceVersion"]!.GetValue<string>();

        Assert.Contains("deployment.apps/apply-web unchanged", await cluster.KubectlOkAsync("apply", "-f", path));
        var again = JsonNode.Parse(await cluster.KubectlOkAsync("get", "deploy", "apply-web", "-o", "json"))!;
        Assert.Equal(rv, again["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task ServerSideApplyRemovesAFieldDroppedFromTheManifest()
    {
        var withLabel = ConfigMap("ssa-cm", """
              labels:
                team: blue
                tier: web
            """);
        var path = cluster.Manifest("ssa-cm.yaml", withLabel);
        Assert.Contains("serverside-applied", await cluster.KubectlOkAsync("apply", "--server-side", "-f", path));
        cluster.Manifest("ssa-cm.yaml", ConfigMap("ssa-cm", """
              labels:
                team: blue
            """));
        await cluster.KubectlOkAsync("apply", "--server-side", "-f", path);
        var live = JsonNode.Parse(await cluster.KubectlOkAsync("get", "cm", "ssa-cm", "-o", "json", "--show-managed-fields"))!;
        var labels = live["metadata"]!["labels"]!.AsObject();
        Assert.Equal("blue", labels["team"]!.GetValue<string>());
        Assert.False(labels.ContainsKey("tier"));
        Assert.Contains(live["metadata"]!["managedFields"]!.AsArray(), m => m!["manager"]!.GetValue<string>() == "kubectl" && m["operation"]!.GetValue<string>() == "Apply");
    }

    [Fact]
    public async Task GetPrintsYamlJsonAndWideOutput()
    {
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest("out-web.yaml", Deployment("out-web", "nginx:1.25", replicas: 1)));
        Assert.Contains("name: out-web", await cluster.KubectlOkAsync("get", "deploy", "out-web", "-o", "yaml"));
        Assert.Equal("out-web", JsonNode.Parse(await cluster.KubectlOkAsync("get", "deploy", "out-web", "-o", "json"))!["metadata"]!["name"]!.GetValue<string>());
        var wide = await cluster.KubectlOkAsync("get", "deploy", "out-web", "-o", "wide");
        Assert.StartsWith("NAME", wide);
        Assert.Contains("out-web", wide);
    }

    [Fact]
    public async Task AllNamespacesListsObjectsOfEveryNamespace()
    {
        await cluster.KubectlOkAsync("create", "namespace", "all-a");
        await cluster.KubectlOkAsync("create", "configmap", "in-a", "-n", "all-a", "--from-literal=k=v");
        await cluster.KubectlOkAsync("create", "configmap", "in-default", "--from-literal=k=v");
        var output = await cluster.KubectlOkAsync("get", "cm", "-A");
        Assert.StartsWith("NAMESPACE", output);
        Assert.Contains(output.Split('\n'), l => l.StartsWith("all-a ", StringComparison.Ordinal) && l.Contains("in-a"));
        Assert.Contains(output.Split('\n'), l => l.StartsWith("default ", StringComparison.Ordinal) && l.Contains("in-default"));
    }

    [Fact]
    public async Task FieldSelectorOnNameSelectsOneObject()
    {
        await cluster.KubectlOkAsync("create", "configmap", "fs-one", "--from-literal=a=b");
        await cluster.KubectlOkAsync("create", "configmap", "fs-two", "--from-literal=a=b");
        var output = await cluster.KubectlOkAsync("get", "cm", "--field-selector", "metadata.name=fs-two", "-o", "name");
        Assert.Equal("configmap/fs-two", output.Trim());
    }

    [Fact]
    public async Task UnsupportedFieldSelectorIsABadRequest()
    {
        var result = await cluster.KubectlAsync("get", "cm", "--field-selector", "spec.nothing=x");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("\"spec.nothing\" is not a known field selector", result.StdErr);
    }

    [Fact]
    public async Task LabelAndAnnotateChangeTheObject()
    {
        await cluster.KubectlOkAsync("create", "configmap", "la-cm", "--from-literal=a=b");
        Assert.Contains("labeled", await cluster.KubectlOkAsync("label", "cm", "la-cm", "tier=web"));
        Assert.Contains("annotated", await cluster.KubectlOkAsync("annotate", "cm", "la-cm", "owner=team-a"));
        var live = JsonNode.Parse(await cluster.KubectlOkAsync("get", "cm", "la-cm", "-o", "json"))!;
        Assert.Equal("web", live["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        Assert.Equal("team-a", live["metadata"]!["annotations"]!["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task PatchInEachOfTheThreeTypes()
    {
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest("patch-web.yaml", Deployment("patch-web", "nginx:1.25", replicas: 1)));
        await cluster.KubectlOkAsync("patch", "deploy", "patch-web", "--type=json", "-p", """[{"op":"replace","path":"/spec/replicas","value":2}]""");
        await cluster.KubectlOkAsync("patch", "deploy", "patch-web", "--type=merge", "-p", """{"metadata":{"labels":{"patched":"merge"}}}""");
        await cluster.KubectlOkAsync("patch", "deploy", "patch-web", "--type=strategic", "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.36"}]}}}}""");
        var live = JsonNode.Parse(await cluster.KubectlOkAsync("get", "deploy", "patch-web", "-o", "json"))!;
        Assert.Equal(2, live["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("merge", live["metadata"]!["labels"]!["patched"]!.GetValue<string>());
        var containers = live["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["app", "sidecar"], containers);
    }

    [Fact]
    public async Task ScaleGoesThroughTheScaleSubresource()
    {
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest("scale-web.yaml", Deployment("scale-web", "nginx:1.25", replicas: 1)));
        Assert.Contains("scaled", await cluster.KubectlOkAsync("scale", "deploy", "scale-web", "--replicas=4"));
        Assert.Equal("4", await cluster.KubectlOkAsync("get", "deploy", "scale-web", "-o", "jsonpath={.spec.replicas}"));
        var (code, scale) = await cluster.SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/scale-web/scale");
        Assert.Equal(200, code);
        Assert.Equal("Scale", scale!["kind"]!.GetValue<string>());
        Assert.Equal("app=scale-web", scale["status"]!["selector"]!.GetValue<string>());
    }

    [Fact]
    public async Task EditSavesWhatTheEditorChanged()
    {
        await cluster.KubectlOkAsync("create", "configmap", "edit-cm", "--from-literal=color=red");
        var editor = cluster.Manifest("editor.sh", "#!/bin/sh\nsed -i 's/color: red/color: green/' \"$1\"\n");
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var result = await cluster.KubectlWithEnvironmentAsync(null, new Dictionary<string, string> { ["EDITOR"] = editor }, "edit", "cm", "edit-cm");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("edited", result.StdOut);
        Assert.Equal("green", await cluster.KubectlOkAsync("get", "cm", "edit-cm", "-o", "jsonpath={.data.color}"));
    }

    [Fact]
    public async Task DeleteFileRemovesTheObjects()
    {
        var path = cluster.Manifest("del-web.yaml", Deployment("del-web", "nginx:1.25", replicas: 1));
        await cluster.KubectlOkAsync("apply", "-f", path);
        Assert.Contains("deployment.apps \"del-web\" deleted", await cluster.KubectlOkAsync("delete", "-f", path));
        var result = await cluster.KubectlAsync("get", "deploy", "del-web");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("NotFound", result.StdErr);
    }

    [Fact]
    public async Task ForegroundDeletionWaitsWhileAFinalizerRemains()
    {
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest("fg-web.yaml", Deployment("fg-web", "nginx:1.25", replicas: 1)));
        await cluster.KubectlOkAsync("delete", "deploy", "fg-web", "--cascade=foreground", "--wait=false");
        var live = JsonNode.Parse(await cluster.KubectlOkAsync("get", "deploy", "fg-web", "-o", "json"))!;
        Assert.NotNull(live["metadata"]!["deletionTimestamp"]);
        Assert.Contains("foregroundDeletion", live["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));

        // Removing the last finalizer lets the deletion finish.
        await cluster.KubectlOkAsync("patch", "deploy", "fg-web", "--type=merge", "-p", """{"metadata":{"finalizers":null}}""");
        var gone = await cluster.KubectlAsync("get", "deploy", "fg-web");
        Assert.Contains("NotFound", gone.StdErr);
    }

    [Fact]
    public async Task UnknownObjectIsNotFound()
    {
        var result = await cluster.KubectlAsync("get", "deploy", "no-such-thing");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error from server (NotFound): deployments.apps \"no-such-thing\" not found", result.StdErr);
    }

    [Fact]
    public async Task PortForwardToAPodOnAnUnregisteredNodeSaysSoInsteadOfFailing()
    {
        await cluster.KubectlWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: forwarded}
            spec:
              nodeName: somewhere
              containers: [{name: main, image: busybox, command: [sleep, "60"], ports: [{containerPort: 8000}]}]
            """, "apply", "-f", "-");
        // kubectl forwards only to a running pod: written as an agent would.
        await cluster.KubectlOkAsync("patch", "pod", "forwarded", "--subresource=status", "--type=merge", "-p", """{"status":{"phase":"Running","podIP":"192.0.2.9"}}""");
        var result = await cluster.KubectlAsync("port-forward", "pod/forwarded", "18000:8000");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("nodes \"somewhere\" not found: pod \"forwarded\" is bound to a node that is not registered, so its ports cannot be forwarded", result.StdErr);
    }

    [Fact]
    public async Task DebugAddsAnEphemeralContainerAndRefusesANameThePodHas()
    {
        await cluster.KubectlWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: debugged}
            spec:
              containers: [{name: main, image: busybox, command: [sleep, "60"]}]
            """, "apply", "-f", "-");
        var added = await cluster.KubectlAsync("debug", "pod/debugged", "--image=busybox", "--profile=general", "-c", "dbg", "--", "true");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Equal("dbg", await cluster.KubectlOkAsync("get", "pod", "debugged", "-o", "jsonpath={.spec.ephemeralContainers[*].name}"));

        var clash = await cluster.KubectlAsync("debug", "pod/debugged", "--image=busybox", "-c", "main", "--", "true");
        Assert.NotEqual(0, clash.ExitCode);
        Assert.Contains("spec.ephemeralContainers[1].name: Duplicate value: \"main\"", clash.StdErr);
    }

    [Fact]
    public async Task AuthWhoamiAndCanIAnswerForTheToken()
    {
        var whoami = await cluster.KubectlOkAsync("auth", "whoami");
        Assert.Matches(@"Username\s+admin", whoami);
        Assert.Matches(@"Groups\s+\[system:masters system:authenticated\]", whoami);
        // The admin is in system:masters, which may do everything, and can-i says so.
        Assert.Equal("yes\n", await cluster.KubectlOkAsync("auth", "can-i", "delete", "deployments", "-n", "kube-system"));
        var list = await cluster.KubectlOkAsync("auth", "can-i", "--list");
        Assert.Matches(@"\*\.\*\s+\[\]\s+\[\]\s+\[\*\]", list);
        // A user no role is bound to (the admin impersonates it, as --as asks) may only ask what it may do.
        var no = await cluster.KubectlAsync("auth", "can-i", "delete", "deployments", "-n", "kube-system", "--as", "nobody");
        Assert.Equal("no", no.StdOut.Trim());
        var denied = await cluster.KubectlAsync("get", "pods", "-n", "default", "--as", "nobody");
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains("Error from server (Forbidden): pods is forbidden: User \"nobody\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"", denied.StdErr);
        Assert.Contains("selfsubjectaccessreviews.authorization.k8s.io", await cluster.KubectlOkAsync("auth", "can-i", "--list", "--as", "nobody"));
    }

    [Fact]
    public async Task UnknownFieldIsRejectedNamingIt()
    {
        var path = cluster.Manifest("unknown-field.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: unknown-field
            data:
              a: b
            colour: red
            """);
        var result = await cluster.KubectlAsync("apply", "-f", path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown field \"colour\"", result.StdErr);
    }

    internal static string Deployment(string name, string image, int replicas) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          labels:
            app: {name}
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: app
                image: {image}
                ports:
                - containerPort: 80
        """;

    private static string ConfigMap(string name, string metadataExtra) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
        {metadataExtra}
        data:
          key: value
        """;
}
