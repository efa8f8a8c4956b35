namespace PortReservation.Adapters.Fake.Tests;

/// <summary>A private folder for one test's state file, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"shared-fake-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The state file, in a subfolder the shared fake creates itself.</summary>
    public string StatePath => System.IO.Path.Combine(Path, "machine", "state.json");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
