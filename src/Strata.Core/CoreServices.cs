using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Access;
using Strata.Core.Accounts;
using Strata.Core.Audit;
using Strata.Core.Compare;
using Strata.Core.Data;
using Strata.Core.Distributions;
using Strata.Core.Hierarchy;
using Strata.Core.Invitations;
using Strata.Core.Mail;
using Strata.Core.Snapshots;
using Strata.Core.States;
using Strata.Core.Usage;
using Strata.Storage.Blobs;
using Strata.Storage.Objects;
using Strata.Storage.S3;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core;

public static class CoreServices
{
    /// <summary>
    /// Blobs and trees in a folder (the embedded default), or in an S3-compatible bucket when the location is
    /// <c>s3://bucket[/prefix]</c>, its client from the standard AWS settings read through <paramref name="settings"/>
    /// (API.md "Server start-up, continued"). Throws <see cref="ArgumentException"/> for a malformed S3 location or endpoint.
    /// </summary>
    public static void AddContentStore(IServiceCollection services, string contentLocation, Func<string, string?> settings)
    {
        // One object seam for both shapes, so garbage collection and the trash are written once. A folder keeps the layout
        // it always had (blobs/ab/cd/<id>, trees/ab/cd/<id>); a rename there is free, so a blob past one small buffer
        // streams to a temporary object and is renamed onto its key instead of being held in memory.
        var (objects, singlePut) = S3Address.IsS3(contentLocation)
            ? ((IObjectStore)S3ObjectStore.FromUrl(contentLocation, settings), ObjectBlobStore.DefaultSinglePutBytes)
            : (new FileSystemObjectStore(contentLocation), FolderSinglePutBytes);
        services.AddSingleton(objects);
        services.AddSingleton<IBlobStore>(new ObjectBlobStore(objects, singlePut));
        services.AddSingleton<ITreeStore>(new ObjectTreeStore(objects));
    }

    /// <summary>A blob up to this size is hashed in memory before its single write to a folder; a larger one is renamed into place.</summary>
    private const int FolderSinglePutBytes = 1024 * 1024;

    /// <summary>
    /// The domain services over one metadata database and one content store (<see cref="AddContentStore"/>; the AWS
    /// settings come from <paramref name="settings"/>, the process environment by default).
    /// </summary>
    public static IServiceCollection AddStrataCore(this IServiceCollection services, string connectionString, string contentLocation, AccountOptions accountOptions,
        Func<string, string?>? settings = null)
    {
        services.AddDbContext<StrataDb>(options => Database.Configure(options, connectionString));
        services.AddSingleton(TimeProvider.System);
        AddContentStore(services, contentLocation, settings ?? Environment.GetEnvironmentVariable);
        services.AddSingleton(new StandaloneDb(connectionString));
        services.AddScoped<Maintenance.HeldIntent>();
        services.AddScoped<Maintenance.WriteIntent>();
        services.AddScoped<Maintenance.GarbageCollector>();
        services.AddSingleton(new Maintenance.CollectorOptions());
        services.AddScoped<IStateRefStore, DbStateRefStore>();
        services.AddSingleton<StateGate>();
        services.AddSingleton<FaultPoints>();
        services.AddSingleton(new ContentLimits());
        services.AddSingleton<StateUsage>();
        services.AddSingleton<UploadGroups>();
        services.AddScoped(provider => new StateWriter(
            provider.GetRequiredService<ITreeStore>(), provider.GetRequiredService<IStateRefStore>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<StateGate>(), provider.GetRequiredService<FaultPoints>(), provider.GetRequiredService<ContentLimits>().State));
        services.AddSingleton(accountOptions);
        services.AddScoped<SetupSecret>();
        services.AddScoped<AccountService>();
        services.AddSingleton<AccessCache>();
        services.AddScoped<AccessEpoch>();
        services.AddScoped<TokenAuthentication>();
        services.AddScoped<Bootstrap>();
        services.AddSingleton(new SignInLimits());
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton(new PasswordResetOptions());
        services.AddScoped<PasswordResets>();
        services.AddScoped<UserSessions>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<AccessResolver>();
        services.AddScoped<AuditLog>();
        services.AddScoped<OrgService>();
        services.AddScoped<SpaceService>();
        services.AddScoped<InstanceService>();
        services.AddScoped<ClassOverview>();
        services.AddSingleton(new InvitationOptions());
        services.AddScoped<InvitationGrants>();
        services.AddScoped<InvitationService>();
        services.AddScoped<InvitationAnswers>();
        services.AddSingleton(new MailOptions());
        services.AddScoped<OutboxDispatcher>();
        services.AddScoped<StateRoots>();
        services.AddScoped<FileService>();
        services.AddScoped<TextDiffService>();
        services.AddScoped<OtherState>();
        services.AddScoped<StorageUsage>();
        services.AddScoped<Sync.ContentBatch>();
        services.AddScoped<UsageCounter>();
        services.AddSingleton<DistributionSignal>();
        services.AddSingleton(new DistributionOptions());
        services.AddScoped<DistributionService>();
        services.AddScoped<DistributionRunner>();
        services.AddSingleton<Assignments.DeadlineSignal>();
        services.AddScoped<Assignments.AssignmentLookup>();
        services.AddScoped<Assignments.AssignmentService>();
        services.AddScoped<Assignments.HandInService>();
        services.AddScoped<Assignments.DeadlineCollector>();
        services.AddScoped<Assignments.GradingService>();
        services.AddScoped<Assignments.FeedbackFolders>();
        services.AddScoped<Assignments.HandBackService>();
        services.AddScoped<Assignments.InstanceAssignments>();
        services.AddScoped<Assignments.SubmissionReviews>();
        services.AddSingleton<Maintenance.MaintenanceSignal>();
        services.AddScoped<Maintenance.StorageMaintenance>();
        services.AddScoped<Maintenance.MaintenanceRunner>();
        services.AddScoped<Provenance>();
        services.AddScoped<Arrivals>();
        services.AddSingleton(new SnapshotOptions());
        services.AddScoped<SnapshotService>();
        services.AddScoped<RestoreService>();
        return services;
    }
}
