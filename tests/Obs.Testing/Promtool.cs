namespace Obs.Testing;

/// <summary>The real promtool (Debian's prometheus package), which the test script installs.</summary>
public static class Promtool
{
    public static string Path =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => System.IO.Path.Combine(d, "promtool")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("promtool is not on the PATH: install it with 'apt-get install -y prometheus' (./obs test does)");
}
