namespace Strata.Core.States;

/// <summary>An instance by its slugs, as in every state URL.</summary>
public sealed record InstanceAddress(string Org, string Space, string Instance);
