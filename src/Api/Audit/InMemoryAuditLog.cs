namespace Vimercate.Api.Audit;

/// <summary>The audit log of the embedded defaults: kept in process, lost on exit like everything else there.</summary>
public sealed class InMemoryAuditLog : IAuditLog
{
    private readonly List<AuditEntry> _entries = [];
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public Task<AuditEntry> AppendAsync(DateTimeOffset at, string apiKeyName, string action, string? target, string? details, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var entry = new AuditEntry(_entries.Count + 1, at, apiKeyName, action, target, details);
            _entries.Add(entry);
            return Task.FromResult(entry);
        }
    }

    /// <inheritdoc />
    public Task<AuditPage> ListAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        lock (_lock)
        {
            var skip = (long)(page - 1) * pageSize;
            var items = skip >= _entries.Count
                ? []
                : Enumerable.Range(0, (int)Math.Min(pageSize, _entries.Count - skip)).Select(i => _entries[_entries.Count - 1 - (int)skip - i]).ToList();
            return Task.FromResult(new AuditPage(items, page, pageSize, _entries.Count));
        }
    }
}
