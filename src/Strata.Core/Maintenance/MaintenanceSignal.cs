namespace Strata.Core.Maintenance;

/// <summary>Wakes the maintenance worker of this process when a run is queued.</summary>
public sealed class MaintenanceSignal : WakeSignal;
