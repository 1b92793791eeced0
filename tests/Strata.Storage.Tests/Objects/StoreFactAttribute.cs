using Xunit.Sdk;

namespace Strata.Storage.Tests.Objects;

/// <summary>
/// A fact of a contract suite declared once on an abstract class and run by each store's subclass: skipped, with
/// a reason, in a subclass marked <see cref="NeedsVariableAttribute"/> whose variable is unset (a plain Skip set
/// in the attribute could not tell the subclasses apart).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Strata.Storage.Tests.Objects.StoreFactDiscoverer", "Strata.Storage.Tests")]
public sealed class StoreFactAttribute : FactAttribute;
