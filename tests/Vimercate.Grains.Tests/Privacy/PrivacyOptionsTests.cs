using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Vimercate.Privacy;

namespace Vimercate.Grains.Tests.Privacy;

/// <summary>When the service refuses to start for its privacy settings.</summary>
public sealed class PrivacyOptionsTests
{
    private const string Postgres = "Host=127.0.0.1;Database=vimercate";

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void PostgreSqlOutsideDevelopmentNeedsAHashKey(string environment)
    {
        var result = Validate(new PrivacyOptions(), environment, Postgres);

        Assert.True(result.Failed);
        Assert.Contains("Privacy:HashKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", Postgres)]
    [InlineData("Production", null)]
    public void TheDevelopmentKeyIsAcceptedInDevelopmentAndInMemory(string environment, string? connectionString) =>
        Assert.True(Validate(new PrivacyOptions(), environment, connectionString).Succeeded);

    [Fact]
    public void AConfiguredKeyMustBeLongEnough()
    {
        Assert.True(Validate(new PrivacyOptions { HashKey = "too-short" }, "Production", Postgres).Failed);
        Assert.True(Validate(new PrivacyOptions { HashKey = new string('k', 32) }, "Production", Postgres).Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3651)]
    public void TheRetentionMustBeBetweenOneDayAndTenYears(int days)
    {
        var result = Validate(new PrivacyOptions { ConsentRetentionDays = days }, "Development", null);

        Assert.Contains("Privacy:ConsentRetentionDays", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DifferentKeysNameTheSameNumberDifferentlyAndTheSameKeyAlwaysAlike()
    {
        var first = Hasher(new string('a', 32));
        var second = Hasher(new string('b', 32));

        Assert.Equal(first.Hash("393331234567"), Hasher(new string('a', 32)).Hash("393331234567"));
        Assert.NotEqual(first.Hash("393331234567"), second.Hash("393331234567"));
        Assert.NotEqual(first.Hash("393331234567"), first.Hash("393331234568"));
        Assert.Throws<ArgumentException>(() => first.Hash("not-a-number"));
    }

    private static NumberHasher Hasher(string key) =>
        new(Microsoft.Extensions.Options.Options.Create(new PrivacyOptions { HashKey = key }));

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(PrivacyOptions options, string environment, string? connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(connectionString is null ? [] : [new("ConnectionStrings:Postgres", connectionString)])
            .Build();
        var host = new HostingEnvironment { EnvironmentName = environment };
        return new PrivacyOptionsValidator(host, configuration).Validate(null, options);
    }
}
