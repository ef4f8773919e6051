using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Defaults;

/// <summary>
/// The defaults every PodSpec gets, in a Pod and in every pod template (SetDefaults_PodSpec and the
/// defaulters generated for what a PodSpec contains: containers, probes, volumes, env).
/// Pod-only defaults live in <see cref="PodDefaults"/>.
/// </summary>
internal static class PodSpecDefaults
{
    public static void Apply(JsonObject spec)
    {
        DefaultFields.String(spec, "dnsPolicy", "ClusterFirst");
        DefaultFields.String(spec, "restartPolicy", "Always");
        DefaultFields.Pointer(spec, "securityContext", new JsonObject());
        DefaultFields.Pointer(spec, "terminationGracePeriodSeconds", 30);
        DefaultFields.String(spec, "schedulerName", "default-scheduler");
        MirrorServiceAccount(spec);

        foreach (var volume in DefaultFields.Items(spec, "volumes")) ApplyVolume(volume);
        foreach (var container in DefaultFields.Items(spec, "initContainers")) ApplyContainer(container);
        foreach (var container in DefaultFields.Items(spec, "containers")) ApplyContainer(container);
        foreach (var container in DefaultFields.Items(spec, "ephemeralContainers")) ApplyContainer(container);
    }

    /// <summary>
    /// v1 still carries the deprecated <c>serviceAccount</c> next to <c>serviceAccountName</c>; the
    /// conversion fills each from the other, so users see both.
    /// </summary>
    private static void MirrorServiceAccount(JsonObject spec)
    {
        var name = DefaultFields.Text(spec, "serviceAccountName");
        var deprecated = DefaultFields.Text(spec, "serviceAccount");
        if (name.Length == 0 && deprecated.Length > 0) spec["serviceAccountName"] = deprecated;
        else if (name.Length > 0 && deprecated.Length == 0) spec["serviceAccount"] = name;
    }

    public static void ApplyContainer(JsonObject container)
    {
        if (DefaultFields.IsUnsetString(container, "imagePullPolicy"))
        {
            container["imagePullPolicy"] = ImageReference.DefaultPullPolicy(DefaultFields.Text(container, "image"));
        }
        DefaultFields.String(container, "terminationMessagePath", "/dev/termination-log");
        DefaultFields.String(container, "terminationMessagePolicy", "File");
        // ResourceRequirements is a plain struct in the Go types, so it is always written, if only as {}.
        DefaultFields.Pointer(container, "resources", new JsonObject());

        foreach (var port in DefaultFields.Items(container, "ports")) DefaultFields.String(port, "protocol", "TCP");
        foreach (var env in DefaultFields.Items(container, "env"))
        {
            if (DefaultFields.Child(env, "valueFrom") is { } valueFrom) ApplyValueSource(valueFrom);
        }
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (DefaultFields.Child(container, probe) is { } p) ApplyProbe(p);
        }
        if (DefaultFields.Child(container, "lifecycle") is { } lifecycle)
        {
            foreach (var hook in new[] { "postStart", "preStop" })
            {
                if (DefaultFields.Child(lifecycle, hook) is { } handler && DefaultFields.Child(handler, "httpGet") is { } httpGet)
                {
                    ApplyHttpGet(httpGet);
                }
            }
        }
    }

    private static void ApplyValueSource(JsonObject source)
    {
        if (DefaultFields.Child(source, "fieldRef") is { } fieldRef) DefaultFields.String(fieldRef, "apiVersion", "v1");
        // Quantity is a struct in Go: a zero divisor is still written, as "0".
        if (DefaultFields.Child(source, "resourceFieldRef") is { } resourceRef) DefaultFields.Pointer(resourceRef, "divisor", "0");
    }

    private static void ApplyProbe(JsonObject probe)
    {
        DefaultFields.Integer(probe, "timeoutSeconds", 1);
        DefaultFields.Integer(probe, "periodSeconds", 10);
        DefaultFields.Integer(probe, "successThreshold", 1);
        DefaultFields.Integer(probe, "failureThreshold", 3);
        if (DefaultFields.Child(probe, "httpGet") is { } httpGet) ApplyHttpGet(httpGet);
        if (DefaultFields.Child(probe, "grpc") is { } grpc) DefaultFields.Pointer(grpc, "service", "");
    }

    private static void ApplyHttpGet(JsonObject httpGet)
    {
        DefaultFields.String(httpGet, "path", "/");
        DefaultFields.String(httpGet, "scheme", "HTTP");
    }

    /// <summary>File mode 0644, the default for files projected from API objects.</summary>
    private const int DefaultMode = 420;

    public static void ApplyVolume(JsonObject volume)
    {
        // A volume naming no source at all is an emptyDir.
        if (!volume.Any(p => p.Key != "name" && p.Value is not null)) volume["emptyDir"] = new JsonObject();

        if (DefaultFields.Child(volume, "hostPath") is { } hostPath) DefaultFields.Pointer(hostPath, "type", "");
        if (DefaultFields.Child(volume, "secret") is { } secret) DefaultFields.Pointer(secret, "defaultMode", DefaultMode);
        if (DefaultFields.Child(volume, "configMap") is { } configMap) DefaultFields.Pointer(configMap, "defaultMode", DefaultMode);
        if (DefaultFields.Child(volume, "downwardAPI") is { } downwardApi)
        {
            DefaultFields.Pointer(downwardApi, "defaultMode", DefaultMode);
            foreach (var item in DefaultFields.Items(downwardApi, "items")) ApplyValueSource(item);
        }
        if (DefaultFields.Child(volume, "projected") is { } projected)
        {
            DefaultFields.Pointer(projected, "defaultMode", DefaultMode);
            foreach (var source in DefaultFields.Items(projected, "sources"))
            {
                if (DefaultFields.Child(source, "downwardAPI") is { } projectedDownward)
                {
                    foreach (var item in DefaultFields.Items(projectedDownward, "items")) ApplyValueSource(item);
                }
                if (DefaultFields.Child(source, "serviceAccountToken") is { } token)
                {
                    DefaultFields.Pointer(token, "expirationSeconds", 3600);
                }
            }
        }
        if (volume.At("ephemeral", "volumeClaimTemplate", "spec") is JsonObject claimSpec)
        {
            CoreDefaults.ApplyPersistentVolumeClaimSpec(claimSpec);
        }
    }
}
