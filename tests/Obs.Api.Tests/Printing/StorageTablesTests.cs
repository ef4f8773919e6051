using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

public sealed class StorageTablesTests
{
    [Fact]
    public void TheDefaultStorageClassIsMarkedAndUnsetFieldsShowTheirDefaults()
    {
        Assert.Equal("Name|Provisioner|ReclaimPolicy|VolumeBindingMode|AllowVolumeExpansion|Age", PrintingAssert.Names(ResourceTypes.StorageClass, 0));
        PrintingAssert.Row(ResourceTypes.StorageClass, """
            {"metadata":{"name":"local-path","creationTimestamp":"2024-05-01T11:59:30Z","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
             "provisioner":"obs.dev/local-path","reclaimPolicy":"Delete","volumeBindingMode":"WaitForFirstConsumer"}
            """, """["local-path (default)","obs.dev/local-path","Delete","WaitForFirstConsumer",false,"30s"]""");
        PrintingAssert.Row(ResourceTypes.StorageClass, """
            {"metadata":{"name":"bare","creationTimestamp":"2024-05-01T11:59:30Z"},"provisioner":"example.com/disk","allowVolumeExpansion":true}
            """, """["bare","example.com/disk","Delete","Immediate",true,"30s"]""");
    }
}
