using System.Text.Json.Nodes;
using Obs.Api.Apply;

namespace Obs.Api.Tests.Apply;

public sealed class ManagedFieldsTrackerTests
{
    private static readonly DateTimeOffset T1 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(1);

    private static JsonObject Deployment() => Json.Obj("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"default","uid":"u1","resourceVersion":"7","generation":1,"creationTimestamp":"2026-01-02T03:04:05Z","labels":{"app":"web"}},
         "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx"}]}}},
         "status":{"replicas":2}}
        """);

    private static JsonObject Record(JsonObject? oldObj, JsonObject newObj, string manager, string? subresource = null, DateTimeOffset? now = null) =>
        ManagedFieldsTracker.RecordUpdate(oldObj, newObj, manager, subresource, DeploymentSchema.Root, now ?? T1);

    /// <summary>The next version of an object as a client sends it: the stored object, changed.</summary>
    private static JsonObject Edit(JsonObject stored, Action<JsonObject> change)
    {
        var copy = stored.DeepClone().AsObject();
        change(copy);
        return copy;
    }

    [Fact]
    public void CreatorOwnsEverythingItSetExceptIdentityBookkeepingAndStatus()
    {
        var created = Record(null, Deployment(), "kubectl-create");

        Json.Equal("""
            [{"manager":"kubectl-create","operation":"Update","apiVersion":"apps/v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
                "f:spec":{"f:replicas":{},"f:template":{".":{},"f:spec":{".":{},"f:containers":{".":{},"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}}}}]
            """, created["metadata"]!["managedFields"]);
    }

    [Fact]
    public void RecordUpdateDoesNotChangeItsInputs()
    {
        var stored = Record(null, Deployment(), "kubectl-create");
        var storedText = stored.ToJsonString();
        var next = Edit(stored, d => d["spec"]!["replicas"] = 3);
        var nextText = next.ToJsonString();

        Record(stored, next, "kubectl-edit", now: T2);

        Assert.Equal(storedText, stored.ToJsonString());
        Assert.Equal(nextText, next.ToJsonString());
    }

    [Fact]
    public void UpdateTakesChangedFieldsFromOtherManagersWithoutConflict()
    {
        var stored = Record(null, Deployment(), "kubectl-create");

        var updated = Record(stored, Edit(stored, d => d["spec"]!["replicas"] = 3), "kubectl-scale", now: T2);

        var entries = ManagedFields.Read(updated);
        Assert.Equal(["kubectl-create", "kubectl-scale"], entries.Select(e => e.Manager));
        Assert.False(entries[0].Fields.Has("f:spec", "f:replicas"));
        Assert.Equal("2026-01-02T03:04:05Z", entries[0].Time);
        Json.Equal("""{"f:spec":{"f:replicas":{}}}""", entries[1].Fields.ToFieldsV1());
        Assert.Equal("2026-01-02T03:05:05Z", entries[1].Time);
    }

    [Fact]
    public void UpdateAddsToWhatTheManagerAlreadyOwned()
    {
        var stored = Record(null, Deployment(), "kubectl-create");
        stored = Record(stored, Edit(stored, d => d["spec"]!["replicas"] = 3), "kubectl-edit", now: T1);

        var updated = Record(stored, Edit(stored, d => d["metadata"]!["labels"]!["tier"] = "front"), "kubectl-edit", now: T2);

        var edit = ManagedFields.Read(updated).Single(e => e.Manager == "kubectl-edit");
        Json.Equal("""{"f:metadata":{"f:labels":{"f:tier":{}}},"f:spec":{"f:replicas":{}}}""", edit.Fields.ToFieldsV1());
        Assert.Equal("2026-01-02T03:05:05Z", edit.Time);
    }

    [Fact]
    public void RemovedFieldsLeaveEveryOwnerAndEmptyEntriesAreDropped()
    {
        var stored = Record(null, Deployment(), "kubectl-create");
        stored = Record(stored, Edit(stored, d => d["metadata"]!["labels"]!["tier"] = "front"), "kubectl-label", now: T1);

        var updated = Record(stored, Edit(stored, d => d["metadata"]!["labels"]!.AsObject().Remove("tier")), "kubectl-label", now: T2);

        Assert.Equal(["kubectl-create"], ManagedFields.Read(updated).Select(e => e.Manager));
    }

    [Fact]
    public void WriteThatChangesNothingKeepsManagedFieldsAsTheyWere()
    {
        var stored = Record(null, Deployment(), "kubectl-create");

        var updated = Record(stored, Edit(stored, d => d["metadata"]!["resourceVersion"] = "8"), "kubectl-edit", now: T2);

        Json.Equal(stored["metadata"]!["managedFields"]!.ToJsonString(), updated["metadata"]!["managedFields"]);
    }

    [Fact]
    public void StatusWritesAreTrackedOnlyThroughTheStatusSubresource()
    {
        var stored = Record(null, Deployment(), "kubectl-create");
        var next = Edit(stored, d => { d["status"]!["replicas"] = 3; d["spec"]!["replicas"] = 4; });

        var viaStatus = Record(stored, next, "deployment-controller", subresource: "status", now: T2);
        var viaMain = Record(stored, Edit(stored, d => d["status"]!["replicas"] = 3), "someone", now: T2);

        Json.Equal("""
            {"manager":"deployment-controller","operation":"Update","apiVersion":"apps/v1","time":"2026-01-02T03:05:05Z","fieldsType":"FieldsV1",
             "fieldsV1":{"f:status":{"f:replicas":{}}},"subresource":"status"}
            """, ManagedFields.Read(viaStatus).Single(e => e.Manager == "deployment-controller").ToJson());
        Assert.True(ManagedFields.Read(viaStatus).Single(e => e.Manager == "kubectl-create").Fields.Has("f:spec", "f:replicas"));
        Assert.Equal(["kubectl-create"], ManagedFields.Read(viaMain).Select(e => e.Manager));
    }

    [Fact]
    public void EmptyManagedFieldsInTheRequestResetOwnership()
    {
        var stored = Record(null, Deployment(), "kubectl-create");

        var reset = Record(stored, Edit(stored, d => d["metadata"]!["managedFields"] = new JsonArray()), "kubectl-edit", now: T2);

        Assert.Null(reset["metadata"]!["managedFields"]);
    }

    [Fact]
    public void RequestWithoutManagedFieldsKeepsTheStoredOnes()
    {
        var stored = Record(null, Deployment(), "kubectl-create");
        var next = Edit(stored, d => { d["metadata"]!.AsObject().Remove("managedFields"); d["spec"]!["replicas"] = 5; });

        var updated = Record(stored, next, "kubectl-replace", now: T2);

        Assert.Equal(["kubectl-create", "kubectl-replace"], ManagedFields.Read(updated).Select(e => e.Manager));
    }

    [Fact]
    public void UpdatesInDifferentApiVersionsAreSeparateOwners()
    {
        var stored = Record(null, Deployment(), "ctl");
        var next = Edit(stored, d => { d["apiVersion"] = "apps/v1beta2"; d["spec"]!["replicas"] = 5; });

        var updated = Record(stored, next, "ctl", now: T2);

        Assert.Equal(["apps/v1", "apps/v1beta2"], ManagedFields.Read(updated).Select(e => e.ApiVersion));
    }

    [Fact]
    public void OldestUpdateEntriesAreFoldedIntoAncientChangesPastTen()
    {
        var stored = Record(null, Deployment(), "creator", now: T1);
        for (var i = 1; i <= 10; i++)
        {
            var label = $"l{i}";
            stored = Record(stored, Edit(stored, d => d["metadata"]!["labels"]![label] = "x"), $"writer-{i:D2}", now: T1.AddMinutes(i));
        }

        var entries = ManagedFields.Read(stored);

        Assert.Equal(10, entries.Count);
        Assert.Equal(["ancient-changes", .. Enumerable.Range(2, 9).Select(i => $"writer-{i:D2}")], entries.Select(e => e.Manager));
        Assert.Equal("2026-01-02T03:05:05Z", entries[0].Time);
        Assert.True(entries[0].Fields.Has("f:spec", "f:replicas"));
        Assert.True(entries[0].Fields.Has("f:metadata", "f:labels", "f:l1"));
    }

    private static readonly FieldSet Paused = FieldSet.Of(["f:spec", "f:paused"]);

    /// <summary>
    /// Records setting spec.paused both ways, <see cref="ManagedFieldsTracker.RecordChange"/> (the change known) and
    /// <see cref="ManagedFieldsTracker.RecordUpdate"/> (found by comparing), and asserts the same managedFields text.
    /// </summary>
    private static void AssertChangeRecordedAsUpdateRecordsIt(JsonObject stored, string manager, DateTimeOffset now)
    {
        var next = Edit(stored, d => d["spec"]!["paused"] = true);
        var compared = Record(stored, next, manager, now: now);
        ManagedFieldsTracker.RecordChange(next, Paused, manager, null, now);
        Json.Equal(compared["metadata"]!["managedFields"]!.ToJsonString(), next["metadata"]!["managedFields"]);
    }

    [Fact]
    public void AKnownChangeByANewManagerAppendsItsEntryAndLeavesTheOthersAsStored()
    {
        var stored = Record(null, Deployment(), "kubectl-create");
        AssertChangeRecordedAsUpdateRecordsIt(stored, "pauser", T2);

        var next = Edit(stored, d => d["spec"]!["paused"] = true);
        var creator = next["metadata"]!["managedFields"]![0];
        ManagedFieldsTracker.RecordChange(next, Paused, "pauser", null, T2);

        // The creator's entry was not read and written back: it is the very node that was there.
        Assert.Same(creator, next["metadata"]!["managedFields"]![0]);
        Assert.Equal("pauser", next["metadata"]!["managedFields"]![1]!["manager"]!.GetValue<string>());
    }

    [Fact]
    public void AKnownChangeIsRecordedAsAnUpdateWouldRecordItWhenMoreThanAnAppendIsNeeded()
    {
        var stored = Record(null, Deployment(), "kubectl-create");
        // The writer has an entry already: it is replaced.
        var unpaused = Record(stored, Edit(stored, d => d["spec"]!["paused"] = false), "pauser", now: T1);
        AssertChangeRecordedAsUpdateRecordsIt(unpaused, "pauser", T2);
        // Another manager owns the field: it loses it.
        AssertChangeRecordedAsUpdateRecordsIt(unpaused, "other", T2);
        // The writer's entry sorts before an existing one: the list is sorted again.
        AssertChangeRecordedAsUpdateRecordsIt(stored, "pauser", T1.AddMinutes(-1));
        AssertChangeRecordedAsUpdateRecordsIt(stored, "a-manager", T1);
        // Ten updaters already: the oldest are folded together.
        var crowded = stored;
        for (var i = 0; i < ManagedFieldsTracker.MaxUpdateManagers; i++)
            crowded = Record(crowded, Edit(crowded, d => d["metadata"]!["labels"]![$"l{i}"] = "x"), $"labeller-{i}", now: T1.AddSeconds(i));
        AssertChangeRecordedAsUpdateRecordsIt(crowded, "pauser", T2);
    }
}
