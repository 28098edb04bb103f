using Npgsql;
using Vimercate.Hosting.Database;

namespace Vimercate.Grains.Tests;

public sealed class ProviderConnectionStringTests
{
    [Fact]
    public void TheProvidersStatementsArePreparedWhenTheOperatorDidNotSay()
    {
        var given = new NpgsqlConnectionStringBuilder(ProviderConnectionString.For("Host=db;Database=vimercate;Username=vimercate;Password=secret"));

        Assert.Equal(ProviderConnectionString.AutoPrepared, given.MaxAutoPrepare);
        Assert.Equal(2, given.AutoPrepareMinUsages);
        Assert.Equal(("db", "vimercate", "vimercate", "secret"), (given.Host, given.Database, given.Username, given.Password));
    }

    [Fact]
    public void TheOperatorsOwnPreparationSettingIsKept()
    {
        var given = new NpgsqlConnectionStringBuilder(ProviderConnectionString.For("Host=db;Max Auto Prepare=5;Auto Prepare Min Usages=7"));

        Assert.Equal((5, 7), (given.MaxAutoPrepare, given.AutoPrepareMinUsages));
    }
}
