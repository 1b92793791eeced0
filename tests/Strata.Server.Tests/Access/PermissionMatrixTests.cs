using System.Net;
using System.Net.Http.Json;

namespace Strata.Server.Tests.Access;

/// <summary>
/// Every action of SPEC §2 that exists, as every role, against one expected matrix:
/// "ok" (2xx), "403" (forbidden, with the role needed) or "404" (cannot see the resource).
/// Later features add their rows here.
/// </summary>
public sealed class PermissionMatrixTests
{
    // Columns:                      none   member faculty manager admin  editor viewer outsider platform
    private static readonly (string Action, string Expect)[] Matrix =
    [
        ("CreateOrg",                 "403    403    403     403     403    403    403    403      ok"),
        ("ViewOrg",                   "404    ok     ok      ok      ok     ok     ok     404      ok"),
        ("ViewOrgMembers",            "404    403    ok      ok      403    403    403    404      ok"),
        ("ChangeOrgRole",             "404    403    403     ok      403    403    403    404      ok"),
        ("InviteToOrg",               "404    403    403     ok      403    403    403    404      ok"),
        ("ReadAudit",                 "404    403    403     ok      403    403    403    404      ok"),
        ("CreateSpace",               "404    403    ok      ok      403    403    403    404      ok"),
        ("ViewPrivateSpace",          "404    404    404     ok      ok     ok     ok     404      ok"),
        ("EditSpace",                 "404    404    404     ok      ok     403    403    404      ok"),
        ("ListSpaceUsers",            "404    404    404     ok      ok     403    403    404      ok"),
        ("InviteSpaceAdmin",          "404    404    404     ok      ok     403    403    404      ok"),
        ("CreateInstance",            "404    404    404     ok      ok     403    403    404      ok"),
        ("ViewInstance",              "404    404    404     ok      ok     ok     ok     404      ok"),
        ("EditInstance",              "404    404    404     ok      ok     ok     403    404      ok"),
        ("ListInstanceUsers",         "404    404    404     ok      ok     ok     ok     404      ok"),
        ("ChangeInstanceRole",        "404    404    404     ok      ok     403    403    404      ok"),
        ("InviteToInstance",          "404    404    404     ok      ok     403    403    404      ok"),
        ("ViewMasterOfPublicSpace",   "404    ok     ok      ok      ok     ok     ok     404      ok"),
        ("ViewMasterOfFacultySpace",  "404    404    ok      ok      ok     404    404    404      ok"),
        ("ViewDistributed",           "404    404    404     ok      ok     ok     404    404      ok"),
        ("ReadFiles",                 "404    404    404     ok      ok     ok     ok     404      ok"),
        ("WriteFiles",                "404    404    404     ok      ok     ok     403    404      ok"),
        ("CreateSnapshot",            "404    404    404     ok      ok     ok     403    404      ok"),
        ("ListSnapshots",             "404    404    404     ok      ok     ok     ok     404      ok"),
        ("DeleteSnapshot",            "404    404    404     ok      ok     ok     403    404      ok"),
        ("RestoreSnapshot",           "404    404    404     ok      ok     ok     403    404      ok"),
        ("RestoreFromViewableMaster", "404    404    404     ok      ok     ok     403    404      ok"),
        ("ViewSpaceStorage",          "404    404    404     ok      ok     403    403    404      ok"),
        ("ViewInstanceStorage",       "404    404    404     ok      ok     403    403    404      ok"),
        ("DistributeToAll",           "404    404    404     ok      ok     403    403    404      ok"),
        ("DistributeIntoOwnInstance", "404    404    404     ok      ok     ok     403    404      ok"),
        ("ListDistributions",         "404    404    404     ok      ok     403    403    404      ok"),
        ("DeleteInstance",            "404    404    404     ok      ok     403    403    404      ok"),
        ("DeleteSpace",               "404    404    404     ok      ok     403    403    404      ok"),
        ("ListUsers",                 "403    403    403     403     403    403    403    403      ok"),
        ("CheckIntegrity",            "403    403    403     403     403    403    403    403      ok"),
        ("ListIntegrityChecks",       "403    403    403     403     403    403    403    403      ok"),
        ("ViewUser",                  "403    403    403     403     403    403    403    403      ok"),
        ("DisableUser",               "403    403    403     403     403    403    403    403      ok"),
        ("SendPasswordReset",         "403    403    403     403     403    403    403    403      ok"),
        ("CancelDistribution",        "404    404    404     ok      ok     404    404    404      ok"),
        ("RecallDistribution",        "404    404    404     ok      ok     404    404    404      ok"),
        ("RemoveOrgMember",           "404    403    403     ok      403    403    403    404      ok"),
        ("RemoveInstanceMember",      "404    404    404     ok      ok     403    403    404      ok"),
        ("ResendInvitation",          "404    404    404     ok      ok     404    404    404      ok"),
        ("RevokeInvitation",          "404    404    404     ok      ok     404    404    404      ok"),
        ("CreateAssignment",          "404    404    404     ok      ok     403    403    404      ok"),
        ("GradeSubmission",           "404    404    404     ok      ok     403    403    404      ok"),
        ("ListAssignments",           "404    404    404     ok      ok     ok     ok     404      ok"),
        ("HandIn",                    "404    404    404     ok      ok     ok     403    404      ok"),
        ("ListHandIns",               "404    404    404     ok      ok     ok     ok     404      ok"),
        ("DeleteHandIn",              "404    404    404     ok      ok     403    403    404      ok"),
    ];

    /// <summary>The rule of the access policy each row exercises; every rule must be exercised by some row.</summary>
    private static readonly Dictionary<string, Core.Access.Act> Rules = new()
    {
        ["CreateOrg"] = Core.Access.Act.CreateOrg,
        ["ViewOrg"] = Core.Access.Act.ViewOrg,
        ["ViewOrgMembers"] = Core.Access.Act.ViewOrgMembers,
        ["ChangeOrgRole"] = Core.Access.Act.ManageOrgMembers,
        ["InviteToOrg"] = Core.Access.Act.InviteToOrg,
        ["ReadAudit"] = Core.Access.Act.ViewAudit,
        ["CreateSpace"] = Core.Access.Act.CreateSpace,
        ["ViewPrivateSpace"] = Core.Access.Act.ViewSpace,
        ["EditSpace"] = Core.Access.Act.EditSpace,
        ["DeleteSpace"] = Core.Access.Act.DeleteSpace,
        ["ListSpaceUsers"] = Core.Access.Act.ViewSpaceMembers,
        ["InviteSpaceAdmin"] = Core.Access.Act.InviteToSpace,
        ["CreateInstance"] = Core.Access.Act.CreateInstance,
        ["ViewInstance"] = Core.Access.Act.ViewInstance,
        ["EditInstance"] = Core.Access.Act.EditInstance,
        ["DeleteInstance"] = Core.Access.Act.DeleteInstance,
        ["ListInstanceUsers"] = Core.Access.Act.ViewInstanceMembers,
        ["ChangeInstanceRole"] = Core.Access.Act.ManageInstanceMembers,
        ["InviteToInstance"] = Core.Access.Act.InviteToInstance,
        ["ReadFiles"] = Core.Access.Act.ReadState,
        ["WriteFiles"] = Core.Access.Act.WriteState,
        ["CreateSnapshot"] = Core.Access.Act.CreateSnapshot,
        ["DeleteSnapshot"] = Core.Access.Act.DeleteSnapshot,
        ["ViewSpaceStorage"] = Core.Access.Act.ViewSpaceStorage,
        ["ViewInstanceStorage"] = Core.Access.Act.ViewInstanceStorage,
        ["DistributeToAll"] = Core.Access.Act.DistributeToMany,
        ["DistributeIntoOwnInstance"] = Core.Access.Act.DistributeToOne,
        ["ListDistributions"] = Core.Access.Act.ViewDistributions,
        ["CancelDistribution"] = Core.Access.Act.ViewDistributions,
        ["RecallDistribution"] = Core.Access.Act.DistributeToOne,
        ["RemoveOrgMember"] = Core.Access.Act.ManageOrgMembers,
        ["RemoveInstanceMember"] = Core.Access.Act.ManageInstanceMembers,
        ["ResendInvitation"] = Core.Access.Act.InviteToInstance,
        ["RevokeInvitation"] = Core.Access.Act.InviteToInstance,
        ["ListUsers"] = Core.Access.Act.ManageUsers,
        ["CheckIntegrity"] = Core.Access.Act.ManageStorage,
        ["CreateAssignment"] = Core.Access.Act.ManageAssignments,
        ["GradeSubmission"] = Core.Access.Act.ManageAssignments,
        ["ListAssignments"] = Core.Access.Act.ViewAssignments,
        ["HandIn"] = Core.Access.Act.HandIn,
        ["ListHandIns"] = Core.Access.Act.ViewHandIns,
        ["DeleteHandIn"] = Core.Access.Act.DeleteHandIn,
    };

    [Fact]
    public void EveryRuleOfTheAccessPolicyIsExercisedByARow()
    {
        var missing = Enum.GetValues<Core.Access.Act>().Except(Rules.Values).ToList();
        Assert.True(missing.Count == 0, "Actions with no row in the permission matrix: " + string.Join(", ", missing));
        Assert.All(Rules.Keys, action => Assert.Contains(Matrix, row => row.Action == action));
    }

    public static TheoryData<string> Actions() => [.. Matrix.Select(row => row.Action)];

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task EachRoleGetsExactlyWhatSpec2Allows(string action)
    {
        await using var app = new StrataApp();
        var world = await MatrixWorld.CreateAsync(app);
        var expected = Matrix.Single(row => row.Action == action).Expect.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(MatrixWorld.Roles.Length, expected.Length);

        var failures = new List<string>();
        for (var i = 0; i < MatrixWorld.Roles.Length; i++)
        {
            var role = MatrixWorld.Roles[i];
            using var response = await PerformAsync(world, action, role);
            var actual = response.IsSuccessStatusCode ? "ok" : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (actual != expected[i])
                failures.Add($"{role}: expected {expected[i]}, got {actual} {await response.Content.ReadAsStringAsync()}");
            if (actual == "403")
            {
                var problem = await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "forbidden");
                Assert.StartsWith("Only ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
            if (actual == "404")
                await Problem.AssertAsync(response, HttpStatusCode.NotFound, "not_found");
        }
        Assert.True(failures.Count == 0, $"{action}:\n" + string.Join("\n", failures));
    }

    private static async Task<HttpResponseMessage> PerformAsync(MatrixWorld world, string action, string role)
    {
        var client = world.As(role);
        const string space = "/api/v1/orgs/uni/spaces/physics";
        const string work = space + "/instances/work";
        var unique = role + "-" + Guid.NewGuid().ToString("N")[..6];
        switch (action)
        {
            case "CreateOrg": return await client.PostAsJsonAsync("/api/v1/orgs", new { name = "Org " + unique });
            case "ViewOrg": return await client.GetAsync("/api/v1/orgs/uni");
            case "ViewOrgMembers": return await client.GetAsync("/api/v1/orgs/uni/members");
            case "ChangeOrgRole": return await client.PutAsJsonAsync($"/api/v1/orgs/uni/members/{world.UserIds["member"]}", new { role = "member" });
            case "InviteToOrg": return await client.PostAsJsonAsync("/api/v1/orgs/uni/invitations", new { emails = unique + "@example.org", role = "member" });
            case "ReadAudit": return await client.GetAsync("/api/v1/orgs/uni/audit");
            case "CreateSpace": return await client.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Space " + unique, type = "course" });
            case "ViewPrivateSpace": return await client.GetAsync(space);
            case "EditSpace": return await client.PatchAsJsonAsync(space, new { description = "by " + role });
            case "ListSpaceUsers": return await client.GetAsync(space + "/members");
            case "InviteSpaceAdmin": return await client.PostAsJsonAsync(space + "/invitations", new { emails = unique + "@example.org", role = "admin" });
            case "CreateInstance": return await client.PostAsJsonAsync(space + "/instances", new { mode = "single", name = "Inst " + unique });
            case "ViewInstance": return await client.GetAsync(work);
            case "EditInstance": return await client.PatchAsJsonAsync(work, new { description = "by " + role });
            case "ListInstanceUsers": return await client.GetAsync(work + "/members");
            case "ChangeInstanceRole": return await client.PutAsJsonAsync($"{work}/members/{world.UserIds["viewer"]}", new { role = "viewer" });
            case "InviteToInstance": return await client.PostAsJsonAsync(work + "/invitations", new { emails = new[] { unique + "@example.org" }, role = "viewer" });
            case "ReadFiles": return await client.GetAsync(work + "/states/current/files");
            case "WriteFiles": return await client.PutAsync($"{work}/states/current/files/{unique}.txt", new StringContent("by " + role));
            case "CreateSnapshot": return await client.PostAsJsonAsync(work + "/snapshots", new { name = "by " + role });
            case "ListSnapshots": return await client.GetAsync(work + "/snapshots");
            case "DeleteSnapshot": return await client.DeleteAsync($"{work}/snapshots/{await SnapshotAsync(world, work)}");
            case "RestoreSnapshot": return await client.PostAsJsonAsync($"{work}/snapshots/{await SnapshotAsync(world, work)}/restore", new { });
            case "RestoreFromViewableMaster":
                // Viewer of the source (Master of a public space) and editor of the target: SPEC §2's restore rule.
                await world.AddSpaceAsync("pubr-" + unique, Core.Hierarchy.SpaceVisibility.Public);
                var pub = $"/api/v1/orgs/uni/spaces/pubr-{unique}/instances";
                return await client.PostAsJsonAsync($"{pub}/master/snapshots/{await SnapshotAsync(world, pub + "/master")}/restore", new { target = new { instance = "work" } });
            case "ViewSpaceStorage": return await client.GetAsync(space + "/storage");
            case "ViewInstanceStorage": return await client.GetAsync(work + "/storage");
            case "DistributeToAll":
                return await client.PostAsJsonAsync(space + "/distributions",
                    new { source = new { instance = "work", state = await SnapshotAsync(world, work) }, targets = new { all = true } });
            case "DistributeIntoOwnInstance":
                return await client.PostAsJsonAsync(space + "/distributions",
                    new { source = new { instance = "work", state = "current" }, targets = new { instances = new[] { "work" } } });
            case "ListDistributions": return await client.GetAsync(space + "/distributions");
            case "RemoveOrgMember": return await client.DeleteAsync($"/api/v1/orgs/uni/members/{await world.AddOrgMemberAsync("leaver-" + unique)}");
            case "RemoveInstanceMember":
                await world.AddSpaceAsync("rm-" + unique);
                return await client.DeleteAsync($"/api/v1/orgs/uni/spaces/rm-{unique}/instances/work/members/{world.UserIds["viewer"]}");
            case "ResendInvitation": return await client.PostAsync($"/api/v1/invitations/{await InvitationAsync(world, work, unique)}/resend", null);
            case "RevokeInvitation": return await client.DeleteAsync($"/api/v1/invitations/{await InvitationAsync(world, work, unique)}");
            case "CancelDistribution": return await client.PostAsync($"{space}/distributions/{await DistributionAsync(world, space)}/cancel", null);
            case "RecallDistribution": return await client.PostAsync($"{space}/distributions/{await FinishedDistributionAsync(world, space)}/recall", null);
            case "ViewMasterOfPublicSpace":
                await world.AddSpaceAsync("pub-" + unique, Core.Hierarchy.SpaceVisibility.Public);
                return await client.GetAsync($"/api/v1/orgs/uni/spaces/pub-{unique}/instances/master");
            case "ViewMasterOfFacultySpace":
                await world.AddSpaceAsync("fac-" + unique, Core.Hierarchy.SpaceVisibility.Faculty);
                return await client.GetAsync($"/api/v1/orgs/uni/spaces/fac-{unique}/instances/master");
            case "ViewDistributed": return await client.GetAsync(space + "/instances/distributed");
            case "DeleteInstance":
                await world.AddSpaceAsync("del-" + unique);
                return await client.DeleteAsync($"/api/v1/orgs/uni/spaces/del-{unique}/instances/work");
            case "DeleteSpace":
                await world.AddSpaceAsync("gone-" + unique);
                return await client.DeleteAsync($"/api/v1/orgs/uni/spaces/gone-{unique}");
            case "ListUsers": return await client.GetAsync("/api/v1/admin/users?q=example");
            case "CheckIntegrity": return await client.PostAsJsonAsync("/api/v1/admin/fsck", new { });
            case "ListIntegrityChecks": return await client.GetAsync("/api/v1/admin/fsck");
            case "ViewUser": return await client.GetAsync($"/api/v1/admin/users/{world.UserIds["member"]}");
            // Enabling an enabled account changes nothing, so the rows after this one see the same world.
            case "DisableUser": return await client.PatchAsJsonAsync($"/api/v1/admin/users/{world.UserIds["member"]}", new { disabled = false });
            case "SendPasswordReset": return await client.PostAsync($"/api/v1/admin/users/{world.UserIds["member"]}/password-reset", null);
            case "CreateAssignment":
                (await world.As("platform").PutAsync(work + "/states/current/files/hw.txt", new StringContent("task"))).EnsureSuccessStatusCode();
                return await client.PostAsJsonAsync(space + "/assignments", new
                {
                    name = "A " + unique, source = new { instance = "work", state = "current", paths = new[] { "hw.txt" } },
                    targets = new { instances = new[] { "work" } }, dueAt = DateTimeOffset.UtcNow.AddDays(1),
                });
            case "GradeSubmission": return await client.PutAsJsonAsync($"{space}/assignments/{await AssignmentAsync(world, unique)}/submissions/work/grade", new { grade = "pass" });
            case "ListAssignments": return await client.GetAsync(space + "/assignments");
            case "HandIn": return await client.PostAsJsonAsync($"{space}/assignments/{await AssignmentAsync(world, unique)}/handins", new { instance = "work" });
            case "ListHandIns": return await client.GetAsync($"{space}/assignments/{await AssignmentAsync(world, unique)}/handins?instance=work");
            case "DeleteHandIn":
                var handedIn = await world.As("platform").PostAsJsonAsync($"{space}/assignments/{await AssignmentAsync(world, unique)}/handins", new { instance = "work" });
                handedIn.EnsureSuccessStatusCode();
                var snapshot = (await handedIn.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("snapshot").GetProperty("id").GetString();
                return await client.DeleteAsync($"{work}/snapshots/{snapshot}");
            default: throw new ArgumentOutOfRangeException(nameof(action), action, "No request for this action.");
        }
    }

    /// <summary>An invitation to instance work sent by the platform administrator, for actions on invitations.</summary>
    private static async Task<string> InvitationAsync(MatrixWorld world, string work, string unique)
    {
        using var response = await world.As("platform").PostAsJsonAsync(work + "/invitations", new { emails = new[] { "guest-" + unique + "@example.org" }, role = "viewer" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("invitations")[0].GetProperty("id").GetString()!;
    }

    /// <summary>A distribution made by the platform administrator (of work's current state into work), for actions on distributions.</summary>
    private static async Task<string> DistributionAsync(MatrixWorld world, string space)
    {
        using var response = await world.As("platform").PostAsJsonAsync(space + "/distributions",
            new { source = new { instance = "work", state = "current" }, targets = new { instances = new[] { "work" } } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A distribution of the platform administrator that has finished, so it can be recalled.</summary>
    private static async Task<string> FinishedDistributionAsync(MatrixWorld world, string space)
    {
        var id = await DistributionAsync(world, space);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var job = await world.As("platform").GetFromJsonAsync<System.Text.Json.JsonElement>($"{space}/distributions/{id}");
            if (job.GetProperty("status").GetString() is not ("queued" or "running"))
                return id;
            await Task.Delay(50);
        }
        throw new TimeoutException("The distribution did not finish.");
    }

    /// <summary>An assignment of work's hw.txt to work made by the platform administrator, for actions on assignments.</summary>
    private static async Task<string> AssignmentAsync(MatrixWorld world, string unique)
    {
        const string space = "/api/v1/orgs/uni/spaces/physics";
        var platform = world.As("platform");
        (await platform.PutAsync(space + "/instances/work/states/current/files/hw.txt", new StringContent("task"))).EnsureSuccessStatusCode();
        using var response = await platform.PostAsJsonAsync(space + "/assignments", new
        {
            name = "Seed " + unique, source = new { instance = "work", state = "current", paths = new[] { "hw.txt" } },
            targets = new { instances = new[] { "work" } }, dueAt = DateTimeOffset.UtcNow.AddDays(1),
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A snapshot taken by the platform administrator, for actions on snapshots.</summary>
    private static async Task<string> SnapshotAsync(MatrixWorld world, string instance)
    {
        using var response = await world.As("platform").PostAsJsonAsync(instance + "/snapshots", new { name = "Seed " + Guid.NewGuid().ToString("N")[..6] });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
    }
}
