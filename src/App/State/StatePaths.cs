namespace PortReservation.App.State;

/// <summary>Where the state file lives when --state does not say.</summary>
internal static class StatePaths
{
    /// <summary>The environment variable that names the state file.</summary>
    public const string Variable = "PORTRES_STATE";

    /// <summary>
    /// <c>$PORTRES_STATE</c>; else, on Windows, <c>%LOCALAPPDATA%\portres\state.json</c>; else
    /// <c>$XDG_STATE_HOME/portres/state.json</c> when that is an absolute path (as the XDG spec asks);
    /// else <c>~/.local/state/portres/state.json</c>.
    /// </summary>
    public static string Default(Func<string, string?> environment, bool isWindows)
    {
        if (NonEmpty(environment(Variable)) is { } named)
        {
            return named;
        }

        if (isWindows)
        {
            var local = NonEmpty(environment("LOCALAPPDATA")) ?? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return Path.Combine(local, "portres", "state.json");
        }

        if (NonEmpty(environment("XDG_STATE_HOME")) is { } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "portres", "state.json");
        }

        var home = NonEmpty(environment("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "state", "portres", "state.json");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
