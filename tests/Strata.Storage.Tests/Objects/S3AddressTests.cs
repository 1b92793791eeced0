using Strata.Storage.S3;

namespace Strata.Storage.Tests.Objects;

/// <summary>STRATA_BLOBS and the AWS variables as an operator writes them (API.md "Server start-up, continued").</summary>
public sealed class S3AddressTests
{
    [Theory]
    [InlineData("s3://strata-content", "strata-content", "")]
    [InlineData("s3://shared-bucket/strata", "shared-bucket", "strata/")]
    [InlineData("s3://shared-bucket/a/b/", "shared-bucket", "a/b/")]
    public void ABucketAndAPrefixAreRead(string url, string bucket, string prefix) =>
        Assert.Equal(new S3Address(bucket, prefix), S3Address.Parse(url));

    [Theory]
    [InlineData("/var/strata/blobs")]
    [InlineData("s3://")]
    [InlineData("s3://Upper_Case")]
    [InlineData("s3://ab")]
    public void AMalformedUrlIsRefusedWithASentence(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => S3ObjectStore.FromUrl(url, _ => null));

        Assert.EndsWith(".", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEndpointThatIsNotAnHttpUrlIsRefused() =>
        Assert.Throws<ArgumentException>(() => S3ObjectStore.FromUrl("s3://strata-content", name => name == "AWS_ENDPOINT_URL" ? "localhost:9000" : null));
}
