namespace Strata.Server.Hosting;

/// <summary>A STRATA_* setting that cannot be used; its message is the one line start-up prints.</summary>
public sealed class SettingException(string message) : Exception(message)
{
    /// <summary>
    /// API.md: one line on stderr naming the variable, and a non-zero exit. Under a test host the exception is
    /// the test's to see, so it is thrown instead.
    /// </summary>
    public static void Stop(SettingException e)
    {
        Console.Error.WriteLine(e.Message);
        if (!AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.AspNetCore.Mvc.Testing"))
            Environment.Exit(2);
        throw e;
    }
}
