using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;
using Strata.Core.Assignments;
using Strata.Core.Distributions;
using Strata.Core.States;
using Strata.Server.Auth;

namespace Strata.Server.Api;

/// <summary>API.md "Assignments": hand out, hand in, collect, grade, feedback folders, export, hand back.</summary>
internal static class AssignmentsApi
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static RouteGroupBuilder MapAssignments(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/orgs/{org}/spaces/{space}/assignments").WithTags("Assignments").RequireAuthorization();
        group.MapPost("/", async (string org, string space, CreateAssignment request, CurrentUser me, AssignmentService assignments, CancellationToken ct) =>
            {
                var created = await assignments.CreateAsync(await me.ActorAsync(ct), org, space, request, ct);
                return TypedResults.Created($"{ApiRoutes.Base}/orgs/{org}/spaces/{space}/assignments/{created.Id}", created);
            })
            .WithSummary("Create an assignment and queue its hand-out (a distribution, merge by default) to its targets (space admins).");
        group.MapGet("/", async (string org, string space, CurrentUser me, AssignmentService assignments, CancellationToken ct) =>
            TypedResults.Ok(await assignments.ListAsync(await me.ActorAsync(ct), org, space, ct)))
            .WithSummary("Assignments of the space: all for its administrators, those given to them for members of a target.");
        group.MapGet("/{id:guid}", async (string org, string space, Guid id, CurrentUser me, AssignmentService assignments, CancellationToken ct) =>
            TypedResults.Ok(await assignments.GetAsync(await me.ActorAsync(ct), org, space, id, ct))).WithSummary("One assignment with its counts.");
        group.MapPatch("/{id:guid}", async (string org, string space, Guid id, UpdateAssignment request, CurrentUser me, AssignmentService assignments, CancellationToken ct) =>
            TypedResults.Ok(await assignments.UpdateAsync(await me.ActorAsync(ct), org, space, id, request, ct)))
            .WithSummary("Rename, describe, move the deadline or change the late policy (space admins).");
        group.MapDelete("/{id:guid}", async (string org, string space, Guid id, CurrentUser me, AssignmentService assignments, CancellationToken ct) =>
            {
                await assignments.DeleteAsync(await me.ActorAsync(ct), org, space, id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Delete an assignment with its grades and feedback folders; hand-ins stay as snapshots of their instances.");
        group.MapPut("/{id:guid}/extensions/{instance}", async (string org, string space, Guid id, string instance, SetExtension request, CurrentUser me,
                AssignmentService assignments, CancellationToken ct) =>
            TypedResults.Ok(await assignments.SetExtensionAsync(await me.ActorAsync(ct), org, space, id, instance, request, ct)))
            .WithSummary("Give one instance its own deadline.");
        group.MapDelete("/{id:guid}/extensions/{instance}", async (string org, string space, Guid id, string instance, CurrentUser me,
                AssignmentService assignments, CancellationToken ct) =>
            {
                await assignments.RemoveExtensionAsync(await me.ActorAsync(ct), org, space, id, instance, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Remove an instance's extension: the assignment's deadline holds again.");
        group.MapPost("/{id:guid}/handins", async (string org, string space, Guid id, CreateHandIn request, CurrentUser me, HandInService handIns, CancellationToken ct) =>
            {
                var handIn = await handIns.HandInAsync(await me.ActorAsync(ct), org, space, id, request, ct);
                return TypedResults.Created($"{ApiRoutes.Base}/orgs/{org}/spaces/{space}/instances/{handIn.Instance}/snapshots/{handIn.Snapshot.Id}", handIn);
            })
            .WithSummary("Hand in: freeze the assignment's paths of the instance's current state as a handin snapshot (editors of the target).");
        group.MapGet("/{id:guid}/handins", async (string org, string space, Guid id, string? instance, CurrentUser me, HandInService handIns, CancellationToken ct) =>
            TypedResults.Ok(await handIns.ListAsync(await me.ActorAsync(ct), org, space, id, instance, ct)))
            .WithSummary("The hand-ins of one instance (?instance=slug), newest first.");
        group.MapPost("/{id:guid}/collect", async (string org, string space, Guid id, CurrentUser me, HandInService handIns, CancellationToken ct) =>
            TypedResults.Ok(await handIns.CollectAsync(await me.ActorAsync(ct), org, space, id, ct)))
            .WithSummary("Collect now: every target without a hand-in gets a collected one.");
        group.MapGet("/{id:guid}/submissions", async (string org, string space, Guid id, CurrentUser me, GradingService grading, CancellationToken ct) =>
            TypedResults.Ok(await grading.ListAsync(await me.ActorAsync(ct), org, space, id, ct)))
            .WithSummary("One submission per target, by instance name (space admins).");
        group.MapPut("/{id:guid}/submissions/{instance}/grade", async (string org, string space, Guid id, string instance, GradeSubmission request, CurrentUser me,
                GradingService grading, CancellationToken ct) =>
            TypedResults.Ok(await grading.GradeAsync(await me.ActorAsync(ct), org, space, id, instance, request, ct)))
            .WithSummary("Grade a submission (free text) with an optional comment.");
        group.MapGet("/{id:guid}/submissions/{instance}/feedback/files", ReadFeedback).WithSummary("The student's feedback folder (space admins).");
        group.MapGet("/{id:guid}/submissions/{instance}/feedback/files/{**path}", ReadFeedback).WithSummary("A feedback folder listing or a feedback file's bytes.");
        group.MapPut("/{id:guid}/submissions/{instance}/feedback/files/{**path}", WriteFeedback).WithSummary("Upload a feedback file for this student (raw body).");
        group.MapDelete("/{id:guid}/submissions/{instance}/feedback/files/{**path}", DeleteFeedback).WithSummary("Delete a feedback file or folder.");
        group.MapGet("/{id:guid}/grades.csv", async (string org, string space, Guid id, CurrentUser me, GradingService grading, CancellationToken ct) =>
            {
                var csv = await grading.CsvAsync(await me.ActorAsync(ct), org, space, id, ct);
                return TypedResults.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "grades.csv");
            })
            .WithSummary("Grades as CSV: instance,members,handedInAt,late,grade,comment.");
        group.MapPost("/{id:guid}/return", async (string org, string space, Guid id, ReturnFeedback? request, CurrentUser me, HandBackService handBack, CancellationToken ct) =>
            {
                var job = await handBack.ReturnAsync(await me.ActorAsync(ct), org, space, id, request ?? new ReturnFeedback(), ct);
                return TypedResults.Accepted($"{ApiRoutes.Base}/orgs/{org}/spaces/{space}/distributions/{job.Id}", job);
            })
            .WithSummary("Hand back grades and feedback (202; a distribution job delivers feedback/{name}/ to each student).");
        return group;
    }

    private static async Task<IResult> ReadFeedback(string org, string space, Guid id, string instance, string? path, HttpContext http, CurrentUser me,
        FeedbackFolders feedback, CancellationToken ct)
    {
        var read = await feedback.ReadAsync(await me.ActorAsync(ct), org, space, id, instance, RawFilePath.Of(http, path), ct);
        if (read.Version is { } version)
            http.Response.Headers.ETag = FilesApi.Quoted(version);
        if (read.Folder is { } folder)
            return TypedResults.Ok(folder);
        var file = read.File!;
        var contentType = ContentTypes.TryGetContentType(file.Name, out var known) ? known : "application/octet-stream";
        return TypedResults.Stream(await feedback.OpenAsync(file, ct), contentType, file.Name, file.ModifiedAt,
            new EntityTagHeaderValue($"\"{file.Id}\""), enableRangeProcessing: true);
    }

    private static async Task<IResult> WriteFeedback(string org, string space, Guid id, string instance, string path, HttpContext http, CurrentUser me,
        FeedbackFolders feedback, ContentLimits limits, CancellationToken ct)
    {
        FilesApi.AcceptUpload(http, limits);
        var write = await feedback.UploadAsync(await me.ActorAsync(ct), org, space, id, instance, RawFilePath.Of(http, path), http.Request.Body, FilesApi.IfMatch(http), ct);
        http.Response.Headers.ETag = FilesApi.Quoted(write.Version);
        return write.Created ? TypedResults.Created(http.Request.Path.ToUriComponent(), write.Entry) : TypedResults.Ok(write.Entry);
    }

    private static async Task<NoContent> DeleteFeedback(string org, string space, Guid id, string instance, string path, HttpContext http, CurrentUser me,
        FeedbackFolders feedback, CancellationToken ct)
    {
        var version = await feedback.DeleteAsync(await me.ActorAsync(ct), org, space, id, instance, RawFilePath.Of(http, path), FilesApi.IfMatch(http), ct);
        http.Response.Headers.ETag = FilesApi.Quoted(version);
        return TypedResults.NoContent();
    }
}
