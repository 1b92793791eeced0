using Xunit.Abstractions;
using Xunit.Sdk;

namespace Strata.Storage.Tests.Objects;

/// <summary>Finds <see cref="StoreFactAttribute"/> tests, skipping those of a class whose <see cref="NeedsVariableAttribute"/> variable is unset.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needs = testMethod.TestClass.Class.GetCustomAttributes(typeof(NeedsVariableAttribute)).FirstOrDefault();
        if (needs is not null && Environment.GetEnvironmentVariable(needs.GetNamedArgument<string>(nameof(NeedsVariableAttribute.Variable))) is not { Length: > 0 })
        {
            return new SkippedTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod, needs.GetNamedArgument<string>(nameof(NeedsVariableAttribute.Reason)));
        }
        return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}
