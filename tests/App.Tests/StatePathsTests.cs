using PortReservation.App.State;

namespace PortReservation.App.Tests;

/// <summary>Where the state file lives when --state does not say.</summary>
public sealed class StatePathsTests
{
    [Fact]
    public void PORTRES_STATE_comes_first()
    {
        var path = StatePaths.Default(Env(("PORTRES_STATE", "/srv/ports.json"), ("XDG_STATE_HOME", "/x"), ("HOME", "/home/u")), isWindows: false);

        Assert.Equal("/srv/ports.json", path);
    }

    [Fact]
    public void Then_an_absolute_XDG_STATE_HOME()
    {
        var path = StatePaths.Default(Env(("XDG_STATE_HOME", "/x/state"), ("HOME", "/home/u")), isWindows: false);

        Assert.Equal("/x/state/portres/state.json", path);
    }

    [Fact]
    public void A_relative_XDG_STATE_HOME_is_ignored_as_the_XDG_spec_asks()
    {
        var path = StatePaths.Default(Env(("XDG_STATE_HOME", "relative/state"), ("HOME", "/home/u")), isWindows: false);

        Assert.Equal("/home/u/.local/state/portres/state.json", path);
    }

    [Fact]
    public void Else_the_home_folder()
    {
        var path = StatePaths.Default(Env(("PORTRES_STATE", string.Empty), ("HOME", "/home/u")), isWindows: false);

        Assert.Equal("/home/u/.local/state/portres/state.json", path);
    }

    [Fact]
    public void On_Windows_the_local_application_data_folder()
    {
        var path = StatePaths.Default(Env(("LOCALAPPDATA", "C:/Users/u/AppData/Local"), ("XDG_STATE_HOME", "/x")), isWindows: true);

        Assert.Equal(Path.Combine("C:/Users/u/AppData/Local", "portres", "state.json"), path);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();
}
