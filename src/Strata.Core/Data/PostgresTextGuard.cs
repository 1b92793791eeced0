using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Strata.Core.Errors;

namespace Strata.Core.Data;

/// <summary>
/// PostgreSQL cannot hold a NUL character in text, and fails a whole command that sends one ("invalid byte
/// sequence"). Every text the API refuses to store already refuses control characters; this catches the rest —
/// a search box, a filter, an address typed at sign-in — before the command is sent, as a 400 that says why.
/// (SQLite stores NUL and finds nothing with it, so it needs no guard.)
/// </summary>
internal sealed class PostgresTextGuard : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            if (parameter.Value is string text && text.Contains('\0', StringComparison.Ordinal))
                throw new DomainException(ErrorCodes.InvalidRequest, "The request holds a NUL character (U+0000); remove it and send it again.");
        }
    }
}
