using System.Text.Json;

namespace Obs.Api.Printing;

/// <summary>Reads a Pod's container statuses for <see cref="PodSummaryReader"/>, by the same rules.</summary>
internal static class ContainerStatusReader
{
    /// <summary>The objects of the array value the reader is on the property name of.</summary>
    public static IReadOnlyList<ContainerStatusSummary> ReadAll(ref Utf8JsonReader reader)
    {
        if (!Utf8Fields.EnterArray(ref reader)) return [];
        var statuses = new List<ContainerStatusSummary>();
        while (Utf8Fields.NextObject(ref reader)) statuses.Add(Read(ref reader));
        return statuses;
    }

    private static ContainerStatusSummary Read(ref Utf8JsonReader reader)
    {
        var status = new ContainerStatusSummary();
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8)) status.Name = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("restartCount"u8)) status.RestartCount = Utf8Fields.Integer(ref reader);
            else if (reader.ValueTextEquals("ready"u8)) status.Ready = Utf8Fields.IsTrue(ref reader);
            else if (reader.ValueTextEquals("started"u8)) status.Started = Utf8Fields.IsTrue(ref reader);
            else if (reader.ValueTextEquals("state"u8)) ReadState(ref reader, status);
            else if (reader.ValueTextEquals("lastState"u8)) status.LastFinishedAt = ReadLastFinishedAt(ref reader);
            else reader.Skip();
        }
        return status;
    }

    private static void ReadState(ref Utf8JsonReader reader, ContainerStatusSummary status)
    {
        status.WaitingReason = "";
        status.Running = false;
        ClearTerminated(status);
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("waiting"u8)) status.WaitingReason = ReadWaitingReason(ref reader);
            else if (reader.ValueTextEquals("running"u8)) status.Running = Utf8Fields.IsPresent(ref reader);
            else if (reader.ValueTextEquals("terminated"u8)) ReadTerminated(ref reader, status);
            else reader.Skip();
        }
    }

    private static string ReadWaitingReason(ref Utf8JsonReader reader)
    {
        var reason = "";
        if (!Utf8Fields.EnterObject(ref reader)) return reason;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("reason"u8)) reason = Utf8Fields.Text(ref reader);
            else reader.Skip();
        }
        return reason;
    }

    private static void ReadTerminated(ref Utf8JsonReader reader, ContainerStatusSummary status)
    {
        ClearTerminated(status);
        reader.Read();
        // Any value but null is a terminated state, as a present pointer is; only an object has fields.
        status.Terminated = reader.TokenType != JsonTokenType.Null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("reason"u8)) status.TerminatedReason = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("exitCode"u8)) status.ExitCode = Utf8Fields.Integer(ref reader);
            else if (reader.ValueTextEquals("signal"u8)) status.Signal = Utf8Fields.Integer(ref reader);
            else reader.Skip();
        }
    }

    private static void ClearTerminated(ContainerStatusSummary status)
    {
        status.Terminated = false;
        status.TerminatedReason = "";
        status.ExitCode = status.Signal = 0;
    }

    private static string ReadLastFinishedAt(ref Utf8JsonReader reader)
    {
        var finishedAt = "";
        if (!Utf8Fields.EnterObject(ref reader)) return finishedAt;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (!reader.ValueTextEquals("terminated"u8))
            {
                reader.Skip();
                continue;
            }
            finishedAt = "";
            if (!Utf8Fields.EnterObject(ref reader)) continue;
            while (Utf8Fields.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("finishedAt"u8)) finishedAt = Utf8Fields.Text(ref reader);
                else reader.Skip();
            }
        }
        return finishedAt;
    }
}
