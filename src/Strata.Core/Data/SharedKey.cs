namespace Strata.Core.Data;

/// <summary>
/// One key of the host's cookie and anti-forgery protection, as the XML the host's key manager writes.
/// Kept in the database when several nodes share it (PostgreSQL), so a cookie made on one node is read on all.
/// </summary>
public sealed class SharedKey
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}
