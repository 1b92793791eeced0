using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Access;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;

namespace Strata.Core.Tests.Access;

/// <summary>
/// Issue 19: a node remembers tokens and space scopes between requests, and a change made anywhere — on another node,
/// by a script — is seen by the very next request, because the database moves the access epoch in the change's own
/// transaction. A second <see cref="AccessCache"/> over the same database is a second node.
/// </summary>
public sealed class AccessCacheTests
{
    [Fact]
    public async Task ARememberedTokenIsAnsweredWithoutReadingTheTokenOrItsAccountAgain()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", false, default);
        var issued = await data.Accounts().CreateTokenAsync(ann.Id, null, default);
        var first = new CountedCommands();
        var second = new CountedCommands();

        Assert.Equal(ann.Id, (await data.Tokens(db: first.Context(data.ConnectionString)).AuthenticateAsync(issued.Token, default))?.Id);
        data.Clock.Advance(TimeSpan.FromSeconds(10));
        var again = await data.Tokens(db: second.Context(data.ConnectionString)).AuthenticateAsync(issued.Token, default);

        Assert.Equal(ann.Id, again?.Id);
        Assert.Contains(first.Texts, t => t.Contains("access_tokens", StringComparison.Ordinal));
        Assert.Empty(second.Texts);
    }

    [Fact]
    public async Task ATokenRevokedOnOneNodeIsRefusedByTheNextRequestOfEveryNode()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", false, default);
        var issued = await data.Accounts().CreateTokenAsync(ann.Id, null, default);
        var other = new AccessCache();
        Assert.NotNull(await data.Tokens().AuthenticateAsync(issued.Token, default));
        Assert.NotNull(await data.Tokens(other).AuthenticateAsync(issued.Token, default));

        await data.Accounts().RevokeTokenAsync(ann.Id, issued.Id, default);

        Assert.Null(await data.Tokens().AuthenticateAsync(issued.Token, default));
        Assert.Null(await data.Tokens(other).AuthenticateAsync(issued.Token, default));
    }

    [Fact]
    public async Task ASessionEndedOnOneNodeIsOverForTheNextRequestOfEveryNode()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", false, default);
        var other = new AccessCache();
        UserSessions On(AccessCache node)
        {
            var db = data.NewContext();
            return new UserSessions(db, data.Clock, new AccessEpoch(db), node);
        }
        var session = await On(data.AccessCache).StartAsync(ann.Id, "browser", null, default);
        Assert.Equal(ann.Id, (await On(data.AccessCache).ResumeAsync(session, default))?.Id);
        Assert.Equal(ann.Id, (await On(other).ResumeAsync(session, default))?.Id);

        await On(data.AccessCache).EndAsync(session, default);

        Assert.Null(await On(data.AccessCache).ResumeAsync(session, default));
        Assert.Null(await On(other).ResumeAsync(session, default));
    }

    [Fact]
    public async Task ARememberedSessionStillEndsWhenIdleTooLong()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", false, default);
        var db = data.NewContext();
        var sessions = new UserSessions(db, data.Clock, new AccessEpoch(db), data.AccessCache);
        var session = await sessions.StartAsync(ann.Id, "browser", null, default);
        Assert.NotNull(await sessions.ResumeAsync(session, default));

        data.Clock.Advance(UserSessions.IdleLifetime + TimeSpan.FromMinutes(1));
        var later = data.NewContext();

        Assert.Null(await new UserSessions(later, data.Clock, new AccessEpoch(later), data.AccessCache).ResumeAsync(session, default));
    }

    [Fact]
    public async Task AnAccountDisabledOrMadeAdministratorIsSeenByTheNextRequest()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", false, default);
        var issued = await data.Accounts().CreateTokenAsync(ann.Id, null, default);
        Assert.Null((await data.Tokens().AuthenticateAsync(issued.Token, default))?.DisabledAt);

        await using (var db = data.NewContext())
        {
            var row = await db.Users.SingleAsync(u => u.Id == ann.Id);
            row.DisabledAt = data.Clock.GetUtcNow();
            row.IsPlatformAdmin = true;
            await db.SaveChangesAsync();
        }

        var user = await data.Tokens().AuthenticateAsync(issued.Token, default);
        Assert.NotNull(user?.DisabledAt);
        Assert.True(user.IsPlatformAdmin);
    }

    [Fact]
    public async Task ARoleRemovedOnOneNodeEndsTheRememberedScopeOnEveryNode()
    {
        await using var host = await CoreHost.CreateAsync();
        await host.CreateSpaceAsync();
        var ann = await AnnEditsTheMasterAsync(host);
        var other = new AccessCache();

        Assert.Equal(InstanceRole.Editor, (await InstanceOnAsync(host, null, ann)).Grants.InstanceRole);
        Assert.Equal(InstanceRole.Editor, (await InstanceOnAsync(host, other, ann)).Grants.InstanceRole);
        var epoch = await host.RunAsync(s => s.GetRequiredService<AccessEpoch>().CurrentAsync(default).AsTask());
        Assert.NotNull(host.Services.GetRequiredService<AccessCache>().Space(new AccessCache.SpaceKey(ann.UserId, false, "uni", "physics"), epoch!.Value));

        await host.RunAsync(async s =>
        {
            var db = s.GetRequiredService<StrataDb>();
            await db.InstanceMembers.Where(m => m.UserId == ann.UserId).ExecuteDeleteAsync();
        });

        foreach (var node in new[] { null, other })
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => InstanceOnAsync(host, node, ann));
            Assert.Equal(ErrorCodes.NotFound, refused.Code);
        }
    }

    [Fact]
    public async Task WhatATransactionSawIsNotRememberedWhenItRollsBack()
    {
        await using var host = await CoreHost.CreateAsync();
        await host.CreateSpaceAsync();
        var ann = await host.RunAsync(async s =>
        {
            var user = await s.GetRequiredService<AccountService>().CreateUserAsync("ann@uni.edu", "Ann", "ann password", false, default);
            return new Actor(user.Id, user.Email, false);
        });

        var inside = await host.RunAsync(async s =>
        {
            var db = s.GetRequiredService<StrataDb>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var space = await db.Spaces.SingleAsync(x => x.Slug == "physics");
            db.SpaceAdmins.Add(new SpaceAdmin { SpaceId = space.Id, UserId = ann.UserId });
            await db.SaveChangesAsync();
            var scope = await s.GetRequiredService<AccessResolver>().SpaceAsync(ann, "uni", "physics", default);
            await transaction.RollbackAsync();
            return scope.Grants.SpaceAdmin;
        });

        Assert.True(inside);
        var after = await Assert.ThrowsAsync<DomainException>(() => host.RunAsync(s => s.GetRequiredService<AccessResolver>().SpaceAsync(ann, "uni", "physics", default)));
        Assert.Equal(ErrorCodes.NotFound, after.Code);
    }

    /// <summary>A request that holds the space already reads it again from the database, not from what it holds.</summary>
    [Fact]
    public async Task AScopeResolvedAgainAfterAChangeElsewhereIsTheDatabasesNotWhatTheRequestHeld()
    {
        await using var host = await CoreHost.CreateAsync();
        await host.CreateSpaceAsync();
        await host.RunAsync(s => s.GetRequiredService<SpaceService>().UpdateAsync(host.Admin, "uni", "physics", new UpdateSpace(null, null, SpaceVisibility.Public), default));
        var ann = await host.RunAsync(async s =>
        {
            var user = await s.GetRequiredService<AccountService>().CreateUserAsync("ann@uni.edu", "Ann", "ann password", false, default);
            var db = s.GetRequiredService<StrataDb>();
            db.OrgMembers.Add(new OrgMember { OrgId = (await db.Organisations.SingleAsync()).Id, UserId = user.Id, Role = OrgRole.Member });
            await db.SaveChangesAsync();
            return new Actor(user.Id, user.Email, false);
        });

        await using var request = host.Services.CreateAsyncScope();
        var resolver = request.ServiceProvider.GetRequiredService<AccessResolver>();
        Assert.True((await resolver.SpaceAsync(ann, "uni", "physics", default)).Grants.SeesSpace);
        await request.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync("bob@uni.edu", "Bob", "bob password", false, default);
        await host.RunAsync(s => s.GetRequiredService<SpaceService>().UpdateAsync(host.Admin, "uni", "physics", new UpdateSpace(null, null, SpaceVisibility.Private), default));

        var again = await Assert.ThrowsAsync<DomainException>(() => resolver.SpaceAsync(ann, "uni", "physics", default));
        Assert.Equal(ErrorCodes.NotFound, again.Code);
        var next = await Assert.ThrowsAsync<DomainException>(() => host.RunAsync(s => s.GetRequiredService<AccessResolver>().SpaceAsync(ann, "uni", "physics", default)));
        Assert.Equal(ErrorCodes.NotFound, next.Code);
    }

    [Fact]
    public async Task ARememberedSpaceIsEditedAndDeletedAsALoadedOneWouldBe()
    {
        await using var host = await CoreHost.CreateAsync();
        await host.CreateSpaceAsync();
        await host.RunAsync(s => s.GetRequiredService<SpaceService>().GetAsync(host.Admin, "uni", "physics", default));

        await host.RunAsync(s => s.GetRequiredService<SpaceService>().UpdateAsync(host.Admin, "uni", "physics",
            new UpdateSpace("Physics II", null, SpaceVisibility.Public), default));
        var renamed = await host.RunAsync(s => s.GetRequiredService<SpaceService>().GetAsync(host.Admin, "uni", "physics", default));
        Assert.Equal("Physics II", renamed.Name);

        await host.RunAsync(s => s.GetRequiredService<SpaceService>().DeleteAsync(host.Admin, "uni", "physics", default));
        var gone = await Assert.ThrowsAsync<DomainException>(() => host.RunAsync(s => s.GetRequiredService<SpaceService>().GetAsync(host.Admin, "uni", "physics", default)));
        Assert.Equal(ErrorCodes.NotFound, gone.Code);
    }

    /// <summary>A copy that missed a property would hand the next request a default in its place.</summary>
    [Fact]
    public void CopiesCarryEveryStoredProperty()
    {
        var user = new User { Email = "a@b.c", EmailNormalized = "a@b.c", Name = "A", PasswordHash = "h", IsPlatformAdmin = true, CreatedAt = DateTimeOffset.UnixEpoch, DisabledAt = DateTimeOffset.UnixEpoch };
        var org = new Organisation { Slug = "uni", Name = "Uni", CreatedAt = DateTimeOffset.UnixEpoch };
        var space = new Space
        {
            OrgId = Guid.NewGuid(), Slug = "physics", Name = "Physics", NameKey = "physics", Description = "d", Type = SpaceType.Research,
            Visibility = SpaceVisibility.Faculty, InstanceQuotaBytes = 5, CreatedAt = DateTimeOffset.UnixEpoch, CreatedBy = Guid.NewGuid(),
        };

        AssertSameValues(user, AccessCache.Copy(user));
        AssertSameValues(org, AccessCache.Copy(org));
        AssertSameValues(space, AccessCache.Copy(space));
    }

    private static void AssertSameValues<T>(T original, T copy) where T : class
    {
        Assert.NotSame(original, copy);
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.PropertyType.IsValueType && property.PropertyType != typeof(string))
                continue;   // navigations are not copied: the copy is attached on its own
            Assert.True(Equals(property.GetValue(original), property.GetValue(copy)), $"{typeof(T).Name}.{property.Name} is not copied");
            Assert.NotEqual(property.PropertyType.IsValueType ? Activator.CreateInstance(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) : null,
                property.GetValue(original));
        }
    }

    private static async Task<Actor> AnnEditsTheMasterAsync(CoreHost host) => await host.RunAsync(async s =>
    {
        var user = await s.GetRequiredService<AccountService>().CreateUserAsync("ann@uni.edu", "Ann", "ann password", false, default);
        var db = s.GetRequiredService<StrataDb>();
        var master = await db.Instances.SingleAsync(i => i.Slug == "master");
        db.InstanceMembers.Add(new InstanceMember { InstanceId = master.Id, UserId = user.Id, Role = InstanceRole.Editor });
        await db.SaveChangesAsync();
        return new Actor(user.Id, user.Email, false);
    });

    /// <summary>One request on a node: the host's own cache, or another node's.</summary>
    private static Task<InstanceScope> InstanceOnAsync(CoreHost host, AccessCache? node, Actor actor) => host.RunAsync(s =>
    {
        var db = s.GetRequiredService<StrataDb>();
        var resolver = new AccessResolver(db, new AccessEpoch(db), node ?? s.GetRequiredService<AccessCache>());
        return resolver.InstanceAsync(actor, "uni", "physics", "master", default);
    });

    /// <summary>The SQL text of every command EF Core sends through contexts it builds.</summary>
    private sealed class CountedCommands : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public StrataDb Context(string connectionString)
        {
            var options = new DbContextOptionsBuilder<StrataDb>();
            Database.Configure(options, connectionString);
            options.AddInterceptors(this);
            return new StrataDb(options.Options);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
