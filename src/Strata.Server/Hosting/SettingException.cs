namespace Strata.Server.Hosting;

/// <summary>A STRATA_* setting that cannot be used; its message is the one line start-up prints.</summary>
public sealed class SettingException(string message) : Exception(message);
