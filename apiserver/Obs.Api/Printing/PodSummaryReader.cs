using System.Text.Json;

namespace Obs.Api.Printing;

/// <summary>
/// Reads a <see cref="PodSummary"/> from a Pod's UTF-8 JSON in one forward pass, skipping what the row does
/// not show. It reads as the tree printer's lookups do: a later duplicate property replaces an earlier one
/// whole (each read starts from zero values), and arrays count only their objects.
/// </summary>
internal static class PodSummaryReader
{
    public static PodSummary Read(ReadOnlySpan<byte> json)
    {
        var pod = new PodSummary();
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return pod;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("metadata"u8)) ReadMetadata(ref reader, pod);
            else if (reader.ValueTextEquals("spec"u8)) ReadSpec(ref reader, pod);
            else if (reader.ValueTextEquals("status"u8)) ReadStatus(ref reader, pod);
            else reader.Skip();
        }
        return pod;
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, PodSummary pod)
    {
        pod.Name = pod.CreationTimestamp = pod.DeletionTimestamp = "";
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8)) pod.Name = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("creationTimestamp"u8)) pod.CreationTimestamp = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("deletionTimestamp"u8)) pod.DeletionTimestamp = Utf8Fields.Text(ref reader);
            else reader.Skip();
        }
    }

    private static void ReadSpec(ref Utf8JsonReader reader, PodSummary pod)
    {
        pod.NodeName = "";
        pod.Containers = 0;
        pod.InitContainers = [];
        pod.ReadinessGates = [];
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("nodeName"u8)) pod.NodeName = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("containers"u8)) pod.Containers = CountObjects(ref reader);
            else if (reader.ValueTextEquals("initContainers"u8)) pod.InitContainers = ReadInitContainers(ref reader);
            else if (reader.ValueTextEquals("readinessGates"u8)) pod.ReadinessGates = ReadGates(ref reader);
            else reader.Skip();
        }
    }

    private static int CountObjects(ref Utf8JsonReader reader)
    {
        var count = 0;
        if (!Utf8Fields.EnterArray(ref reader)) return count;
        while (Utf8Fields.NextObject(ref reader))
        {
            count++;
            reader.Skip();
        }
        return count;
    }

    private static IReadOnlyList<(string Name, string RestartPolicy)> ReadInitContainers(ref Utf8JsonReader reader)
    {
        if (!Utf8Fields.EnterArray(ref reader)) return [];
        var containers = new List<(string, string)>();
        while (Utf8Fields.NextObject(ref reader))
        {
            string name = "", restartPolicy = "";
            while (Utf8Fields.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("name"u8)) name = Utf8Fields.Text(ref reader);
                else if (reader.ValueTextEquals("restartPolicy"u8)) restartPolicy = Utf8Fields.Text(ref reader);
                else reader.Skip();
            }
            containers.Add((name, restartPolicy));
        }
        return containers;
    }

    private static IReadOnlyList<string> ReadGates(ref Utf8JsonReader reader)
    {
        if (!Utf8Fields.EnterArray(ref reader)) return [];
        var gates = new List<string>();
        while (Utf8Fields.NextObject(ref reader))
        {
            var conditionType = "";
            while (Utf8Fields.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("conditionType"u8)) conditionType = Utf8Fields.Text(ref reader);
                else reader.Skip();
            }
            gates.Add(conditionType);
        }
        return gates;
    }

    private static void ReadStatus(ref Utf8JsonReader reader, PodSummary pod)
    {
        pod.Phase = pod.Reason = pod.PodIP = pod.NominatedNodeName = "";
        pod.FirstPodIP = null;
        pod.Conditions = [];
        pod.InitContainerStatuses = [];
        pod.ContainerStatuses = [];
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("phase"u8)) pod.Phase = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("reason"u8)) pod.Reason = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("podIP"u8)) pod.PodIP = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("podIPs"u8)) pod.FirstPodIP = ReadFirstIp(ref reader);
            else if (reader.ValueTextEquals("nominatedNodeName"u8)) pod.NominatedNodeName = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("conditions"u8)) pod.Conditions = ReadConditions(ref reader);
            else if (reader.ValueTextEquals("initContainerStatuses"u8)) pod.InitContainerStatuses = ContainerStatusReader.ReadAll(ref reader);
            else if (reader.ValueTextEquals("containerStatuses"u8)) pod.ContainerStatuses = ContainerStatusReader.ReadAll(ref reader);
            else reader.Skip();
        }
    }

    private static string? ReadFirstIp(ref Utf8JsonReader reader)
    {
        string? first = null;
        if (!Utf8Fields.EnterArray(ref reader)) return first;
        while (Utf8Fields.NextObject(ref reader))
        {
            if (first is not null)
            {
                reader.Skip();
                continue;
            }
            first = "";
            while (Utf8Fields.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("ip"u8)) first = Utf8Fields.Text(ref reader);
                else reader.Skip();
            }
        }
        return first;
    }

    private static IReadOnlyList<(string Type, string Status, string Reason)> ReadConditions(ref Utf8JsonReader reader)
    {
        if (!Utf8Fields.EnterArray(ref reader)) return [];
        var conditions = new List<(string, string, string)>();
        while (Utf8Fields.NextObject(ref reader))
        {
            string type = "", status = "", reason = "";
            while (Utf8Fields.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("type"u8)) type = Utf8Fields.Text(ref reader);
                else if (reader.ValueTextEquals("status"u8)) status = Utf8Fields.Text(ref reader);
                else if (reader.ValueTextEquals("reason"u8)) reason = Utf8Fields.Text(ref reader);
                else reader.Skip();
            }
            conditions.Add((type, status, reason));
        }
        return conditions;
    }
}
