using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Client.Tests.Fakes;
using Obs.Testing;

namespace Obs.Client.Tests.Rest;

/// <summary>The client's rate limit counts toward each call's timeout, so failing calls cannot pile up waits.</summary>
public sealed class ApiClientThrottleTests
{
    [Fact]
    public async Task CallsFailingAtOnceLeaveNoWaitThatOutlivesTheNextCallsTimeout()
    {
        // One token a second, and a clock that never moves: every call after the first must wait for a token that never
        // comes, so only its own timeout can end it. Before, that wait had no timeout and each call added to the debt.
        var client = new ApiClient(
            new ClusterConnection { Server = new Uri($"http://127.0.0.1:{FreePort.Next()}") },
            new ApiClientOptions { Qps = 1, Burst = 1, RequestTimeout = TimeSpan.FromSeconds(1), TimeProvider = new ManualTime() });
        using (client)
        {
            // The first call takes the bucket's one token; refused at once, or timed out on a machine slow enough.
            var first = await Assert.ThrowsAnyAsync<Exception>(() => client.GetAsync(ResourceTypes.ConfigMap, "default", "any"));
            Assert.True(first is HttpRequestException or TimeoutException, first.ToString());
            for (var i = 0; i < 3; i++)
            {
                var call = client.GetAsync(ResourceTypes.ConfigMap, "default", "any");
                // A guard so that the old behaviour fails this test instead of hanging it.
                var error = await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(60)));
                Assert.Contains("took longer than 1s", error.Message);
            }
        }
    }
}
