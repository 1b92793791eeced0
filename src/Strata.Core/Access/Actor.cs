namespace Strata.Core.Access;

/// <summary>Who is asking: the signed-in user as the domain sees them.</summary>
public sealed record Actor(Guid UserId, string Email, bool IsPlatformAdmin);
