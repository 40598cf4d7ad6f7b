// The family records of a run (each family's settings, <Family>Options), keyed by their type, so RunConfig holds every family's
// settings without naming one: config.Options<T>() reads a record (its defaults when the run never set it) and
// config.With(record) sets one. Two sets are equal when every record is, a record at its defaults counting as absent.
namespace Engine.Models.Training;

using System.Collections.Immutable;

public sealed class FamilyOptionSet : IEquatable<FamilyOptionSet>
{
    private readonly ImmutableDictionary<Type, object> _records;

    private FamilyOptionSet(ImmutableDictionary<Type, object> records) => _records = records;

    /// <summary>No record set: every family's defaults.</summary>
    public static FamilyOptionSet Defaults { get; } = new(ImmutableDictionary<Type, object>.Empty);

    /// <summary>The record of type <typeparamref name="T"/>: the one set, else its defaults.</summary>
    public T Get<T>() where T : class, new() => _records.TryGetValue(typeof(T), out var record) ? (T)record : new T();

    /// <summary>This set with <paramref name="record"/> in place of its type's record.</summary>
    public FamilyOptionSet With<T>(T record) where T : class, new() =>
        new(record.Equals(new T()) ? _records.Remove(typeof(T)) : _records.SetItem(typeof(T), record));

    public bool Equals(FamilyOptionSet? other) =>
        other is not null && other._records.Count == _records.Count
        && _records.All(r => other._records.TryGetValue(r.Key, out var theirs) && r.Value.Equals(theirs));

    public override bool Equals(object? obj) => Equals(obj as FamilyOptionSet);

    public override int GetHashCode() => _records.Aggregate(0, (hash, r) => hash ^ HashCode.Combine(r.Key, r.Value));

    /// <summary>The records set, as their own ToString writes them (the defaults left out).</summary>
    public override string ToString() => "{ " + string.Join(", ", _records.Values.Select(r => r.ToString())) + " }";
}
