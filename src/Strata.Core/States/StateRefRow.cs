namespace Strata.Core.States;

/// <summary>The stored pointer of a mutable state: its root tree and version.</summary>
public sealed class StateRefRow
{
    public required string Key { get; init; }

    public required string Root { get; set; }

    public long Version { get; set; }

    /// <summary>When the root last moved (null: not since this was recorded; the instance's creation then stands in).</summary>
    public DateTimeOffset? ChangedAt { get; set; }

    /// <summary>The instance whose current state this is; the pointer goes with it.</summary>
    public Guid? InstanceId { get; init; }

    public const string CurrentSuffix = "/current";

    public static string CurrentOf(Guid instanceId) => $"instance/{instanceId:N}{CurrentSuffix}";

    /// <summary>The instance's delivery base: what it last received at each path (merge's base). Its folders are stored like any state's, so it is a live root.</summary>
    public static string DeliveredOf(Guid instanceId) => $"instance/{instanceId:N}/delivered";
}
