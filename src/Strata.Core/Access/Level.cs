namespace Strata.Core.Access;

/// <summary>The level a resource sits at: who cannot see it gets not found, not forbidden.</summary>
public enum Level
{
    Platform,
    Org,
    Space,
    Instance,
}
