using Microsoft.EntityFrameworkCore;
using Strata.Core.Errors;

namespace Strata.Core.Data;

internal static class SaveExtensions
{
    /// <summary>Saves; a unique index refusing a row that a concurrent request inserted first becomes name_taken.</summary>
    public static async Task SaveUniqueAsync(this StrataDb db, string takenDetail, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            throw new DomainException(ErrorCodes.NameTaken, takenDetail);
        }
    }
}
