using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using Strata.Storage;

namespace Strata.Server.Errors;

/// <summary>
/// SPEC §9: a node that loses its database or content store answers 503 unavailable with a sentence — never a
/// 500 with a trace — and serves again by itself when the dependency returns (connection pools reconnect).
/// Recognises the failure anywhere in the exception's chain, since EF and the drivers wrap it.
/// </summary>
internal static class LostDependency
{
    public static string? Describe(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case TimeoutException:
                    return "The database cannot be reached just now. Try again in a moment; a change this request made was not confirmed.";
                // 5 busy (past the busy timeout), 10 disk I/O error, 14 cannot open the file.
                case SqliteException { SqliteErrorCode: 5 or 10 or 14 }:
                    return "The database cannot be used just now. Try again in a moment; a change this request made was not confirmed.";
                case StorageException { Code: StorageException.Unavailable } storage:
                    return storage.Message;
            }
        }
        return null;
    }
}
