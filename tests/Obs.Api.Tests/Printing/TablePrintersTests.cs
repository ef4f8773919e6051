using System.Text.Json.Nodes;
using Obs.Api.Printing;
using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

public sealed class TablePrintersTests
{
    public static TheoryData<string> AllResources()
    {
        var data = new TheoryData<string>();
        foreach (var type in ResourceTypes.All) data.Add(type.GroupResource);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllResources))]
    public void EveryResourcePrintsOneCellPerColumnEvenForAnEmptyObject(string groupResource)
    {
        var printer = TablePrinters.For(ResourceTypes.All.Single(t => t.GroupResource == groupResource));

        var cells = printer.Cells(new JsonObject(), PrintingAssert.Now);

        Assert.Equal(printer.Columns.Count, cells.Count);
        Assert.All(cells, c => Assert.NotNull(c));
    }

    [Theory]
    [MemberData(nameof(AllResources))]
    public void EveryResourceHasSpecificColumns(string groupResource)
    {
        var printer = TablePrinters.For(ResourceTypes.All.Single(t => t.GroupResource == groupResource));

        Assert.NotSame(TablePrinters.Default, printer);
        Assert.All(printer.Columns, c => Assert.Contains(c.Type, new[] { "string", "integer", "boolean", "date" }));
    }

    [Fact]
    public void UnknownResourcesGetNameAndAge()
    {
        var custom = new ResourceType("example.com", "v1", "Widget", "widgets", "widget", true, [], [], []);
        var printer = TablePrinters.For(custom);

        Assert.Equal(["Name", "Age"], printer.Columns.Select(c => c.Name));
        var cells = printer.Cells((JsonObject)JsonNode.Parse("""{"metadata":{"name":"w","creationTimestamp":"2024-05-01T11:59:50Z"}}""")!, PrintingAssert.Now);
        Assert.Equal(["w", "10s"], cells.Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public void ColumnDefinitionSerializesAsKubernetesDoes()
    {
        var json = TablePrinters.For(ResourceTypes.Pod).Columns[0].ToJson().ToJsonString();

        Assert.StartsWith("""{"name":"Name","type":"string","format":"name","description":""", json);
        Assert.EndsWith(""","priority":0}""", json);
    }
}
