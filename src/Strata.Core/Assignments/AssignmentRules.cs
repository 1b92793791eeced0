using Strata.Core.Distributions;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Storage;

namespace Strata.Core.Assignments;

/// <summary>The rules of SPEC §12 that need no database: names, grades, deadlines, the options of a new assignment.</summary>
public static class AssignmentRules
{
    public const int MaxGradeLength = 100;

    /// <summary>1–100 characters and a valid folder name: hand-back writes into <c>feedback/{name}/</c>.</summary>
    public static string ValidateName(string? name)
    {
        var trimmed = Names.Validate(name, "assignment");
        if (trimmed.Length > Assignment.MaxNameLength)
            throw new DomainException(ErrorCodes.InvalidName, $"The assignment name is {trimmed.Length} characters long; the limit is {Assignment.MaxNameLength}.");
        try
        {
            StoragePath.ValidateName(trimmed);
        }
        catch (StorageException e)
        {
            throw new DomainException(ErrorCodes.InvalidName,
                $"The assignment name becomes a folder name when feedback is handed back, and it cannot be one: {e.Message}");
        }
        return trimmed;
    }

    public static string ValidateDescription(string? description)
    {
        var value = description?.Trim() ?? "";
        Names.RefuseControlCharacters(value, "The assignment description");
        return value.Length <= Assignment.MaxDescriptionLength ? value
            : throw new DomainException(ErrorCodes.InvalidRequest, $"The description is {value.Length} characters long; the limit is {Assignment.MaxDescriptionLength}.");
    }

    public static string ValidateGrade(string? grade)
    {
        var value = grade?.Trim() ?? "";
        if (value.Length == 0)
            throw new DomainException(ErrorCodes.InvalidRequest, "Give a grade (grade), for example \"17/20\" or \"pass\".");
        if (Names.ControlCharacter(value, allowLineBreaks: false) is not null)
            throw new DomainException(ErrorCodes.InvalidRequest, "The grade is one line of text without control characters.");
        return value.Length <= MaxGradeLength ? value
            : throw new DomainException(ErrorCodes.InvalidRequest, $"The grade is {value.Length} characters long; the limit is {MaxGradeLength}. Put the rest in the comment.");
    }

    public static string? ValidateComment(string? comment)
    {
        var value = comment?.Trim() ?? "";
        Names.RefuseControlCharacters(value, "The comment");
        if (value.Length > Assignment.MaxDescriptionLength)
            throw new DomainException(ErrorCodes.InvalidRequest, $"The comment is {value.Length} characters long; the limit is {Assignment.MaxDescriptionLength}.");
        return value.Length == 0 ? null : value;
    }

    public static LatePolicy ParseLate(string? late) => late?.Trim().ToLowerInvariant() switch
    {
        null or "" or "refuse" => LatePolicy.Refuse,
        "accept" => LatePolicy.Accept,
        _ => throw new DomainException(ErrorCodes.InvalidRequest, $"Unknown late policy \"{late}\": use accept (late hand-ins are marked late) or refuse."),
    };

    public static DistributionStrategy ParseStrategy(string? strategy) => strategy?.Trim().ToLowerInvariant() switch
    {
        null or "" or "merge" => DistributionStrategy.Merge,
        "overwrite" => DistributionStrategy.Overwrite,
        "extra" => DistributionStrategy.Extra,
        _ => throw new DomainException(ErrorCodes.InvalidRequest, $"Unknown strategy \"{strategy}\": hand out with merge, overwrite or extra."),
    };

    /// <summary>The deadline of one target: its extension, else the assignment's.</summary>
    public static DateTimeOffset DueAt(Assignment assignment, AssignmentTarget target) => target.DueAt ?? assignment.DueAt;

    /// <summary>Whether a hand-in made <paramref name="now"/> is late; throws assignment_closed when late ones are refused.</summary>
    public static bool CheckOpen(Assignment assignment, AssignmentTarget target, DateTimeOffset now, string spaceName)
    {
        var due = DueAt(assignment, target);
        if (now <= due)
            return false;
        if (assignment.Late == LatePolicy.Accept)
            return true;
        throw new DomainException(ErrorCodes.AssignmentClosed,
            $"The deadline of \"{assignment.Name}\" was {Format(due)}, and it does not accept late hand-ins. Ask an administrator of \"{spaceName}\" for an extension.",
            new Dictionary<string, object?> { ["dueAt"] = due });
    }

    public static string Format(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
