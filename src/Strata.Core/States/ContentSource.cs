using Strata.Core.Errors;
using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.States;

/// <summary>Selected content of a state of an instance in the same space: a distribution's source, or a new instance's content.</summary>
public sealed record ContentSource(string? Instance, string? State, IReadOnlyList<string>? Paths = null);
