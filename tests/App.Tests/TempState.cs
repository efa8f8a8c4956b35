namespace PortReservation.App.Tests;

/// <summary>A private folder for one test's state file, removed afterwards.</summary>
public sealed class TempState : IDisposable
{
    public TempState()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"portres-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>The state file, in a subfolder portres creates itself.</summary>
    public string StatePath => Path.Combine(Folder, "state", "state.json");

    public string LockPath => StatePath + ".lock";

    public string TempPath => StatePath + ".tmp";

    public byte[] Bytes() => File.ReadAllBytes(StatePath);

    /// <summary>Writes <paramref name="content"/> as the state file, creating its folder.</summary>
    public void Plant(byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StatePath)!);
        File.WriteAllBytes(StatePath, content);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
