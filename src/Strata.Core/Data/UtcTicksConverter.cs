using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Strata.Core.Data;

/// <summary>Stores instants as UTC ticks: sortable and comparable in SQL on SQLite and PostgreSQL alike.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
