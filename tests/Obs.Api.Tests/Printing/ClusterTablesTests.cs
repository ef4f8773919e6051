using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

public sealed class ClusterTablesTests
{
    [Fact]
    public void NamespaceShowsPhase()
    {
        PrintingAssert.Row(ResourceTypes.Namespace, """{"metadata":{"name":"demo","creationTimestamp":"2024-05-01T11:59:00Z"},"status":{"phase":"Terminating"}}""",
            """["demo","Terminating","60s"]""");
    }

    [Fact]
    public void ConfigMapCountsDataAndBinaryData()
    {
        PrintingAssert.Row(ResourceTypes.ConfigMap, """{"metadata":{"name":"c"},"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}""",
            """["c",3,"<unknown>"]""");
    }

    [Fact]
    public void SecretShowsTypeAndDataCount()
    {
        PrintingAssert.Row(ResourceTypes.Secret, """{"metadata":{"name":"tls"},"type":"kubernetes.io/tls","data":{"tls.crt":"","tls.key":""}}""",
            """["tls","kubernetes.io/tls",2,"<unknown>"]""");
    }

    [Fact]
    public void ServiceAccountCountsSecrets()
    {
        PrintingAssert.Row(ResourceTypes.ServiceAccount, """{"metadata":{"name":"default"}}""", """["default",0,"<unknown>"]""");
    }

    [Fact]
    public void LeaseShowsHolder()
    {
        PrintingAssert.Row(ResourceTypes.Lease, """{"metadata":{"name":"obs-controllers"},"spec":{"holderIdentity":"host-1_abc"}}""",
            """["obs-controllers","host-1_abc","<unknown>"]""");
    }

    [Fact]
    public void PersistentVolumeShowsCapacityModesClaimAndClass()
    {
        Assert.Equal("Name|Capacity|Access Modes|Reclaim Policy|Status|Claim|StorageClass|VolumeAttributesClass|Reason|Age",
            PrintingAssert.Names(ResourceTypes.PersistentVolume, 0));
        PrintingAssert.Row(ResourceTypes.PersistentVolume, """
            {"metadata":{"name":"pv1"},"spec":{"capacity":{"storage":"5Gi"},"accessModes":["ReadWriteMany","ReadWriteOnce"],
               "persistentVolumeReclaimPolicy":"Retain","claimRef":{"namespace":"default","name":"data"},"storageClassName":"local","volumeMode":"Filesystem"},
             "status":{"phase":"Bound"}}
            """, """["pv1","5Gi","RWO,RWX","Retain","Bound","default/data","local","<unset>","","<unknown>","Filesystem"]""");
    }

    [Fact]
    public void ClaimShowsCapacityOnlyOnceBound()
    {
        PrintingAssert.Row(ResourceTypes.PersistentVolumeClaim, """
            {"metadata":{"name":"data","annotations":{"volume.beta.kubernetes.io/storage-class":"fast"}},
             "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"storageClassName":"slow"},"status":{"phase":"Pending"}}
            """, """["data","Pending","","","","fast","<unset>","<unknown>","<unset>"]""");
        PrintingAssert.Row(ResourceTypes.PersistentVolumeClaim, """
            {"metadata":{"name":"data","deletionTimestamp":"2024-05-01T11:00:00Z"},
             "spec":{"volumeName":"pv1","storageClassName":"local","volumeMode":"Filesystem"},
             "status":{"phase":"Bound","capacity":{"storage":"5Gi"},"accessModes":["ReadWriteOnce"]}}
            """, """["data","Terminating","pv1","5Gi","RWO","local","<unset>","<unknown>","Filesystem"]""");
    }

    [Fact]
    public void HpaShowsReferenceTargetsAndReplicas()
    {
        PrintingAssert.Row(ResourceTypes.HorizontalPodAutoscaler, """
            {"metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":10,
               "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}},
                          {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}},
                          {"type":"Pods","pods":{"metric":{"name":"rps"},"target":{"type":"AverageValue","averageValue":"100"}}}]},
             "status":{"currentReplicas":3,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":35,"averageValue":"120m"}}}]}}
            """, """["web","Deployment/web","cpu: 35%/80%, memory: <unknown>/500Mi + 1 more...","1",10,3,"<unknown>"]""");
        PrintingAssert.Row(ResourceTypes.HorizontalPodAutoscaler, """{"metadata":{"name":"h"},"spec":{"scaleTargetRef":{"kind":"StatefulSet","name":"db"},"maxReplicas":3}}""",
            """["h","StatefulSet/db","<none>","<unset>",3,0,"<unknown>"]""");
    }

    [Fact]
    public void PdbShowsBoundsOrNotApplicable()
    {
        PrintingAssert.Row(ResourceTypes.PodDisruptionBudget, """{"metadata":{"name":"p"},"spec":{"minAvailable":2},"status":{"disruptionsAllowed":1}}""",
            """["p","2","N/A",1,"<unknown>"]""");
        PrintingAssert.Row(ResourceTypes.PodDisruptionBudget, """{"metadata":{"name":"p"},"spec":{"maxUnavailable":"25%"}}""",
            """["p","N/A","25%",0,"<unknown>"]""");
    }

    [Fact]
    public void RolesShowCreationTimeAndBindingsShowSubjects()
    {
        Assert.Equal("Name|Created At", PrintingAssert.Names(ResourceTypes.ClusterRole, 0));
        PrintingAssert.Row(ResourceTypes.Role, """{"metadata":{"name":"reader","creationTimestamp":"2024-04-30T08:15:00Z"}}""",
            """["reader","2024-04-30T08:15:00Z"]""");
        PrintingAssert.Row(ResourceTypes.ClusterRoleBinding, """
            {"metadata":{"name":"b","creationTimestamp":"2024-05-01T11:00:00Z"},"roleRef":{"kind":"ClusterRole","name":"view"},
             "subjects":[{"kind":"User","name":"jane"},{"kind":"User","name":"joe"},{"kind":"Group","name":"ops"},{"kind":"ServiceAccount","name":"ci","namespace":"build"}]}
            """, """["b","ClusterRole/view","60m","jane, joe","ops","build:ci"]""");
    }
}
