namespace Sim.Export.Ledger;

/// <summary>
/// Counts of a categorical feature's values, with how many of each value's rows carry each label. Values are keyed by
/// an integer (an enumeration value, an account index, a character); dense features use the key as the slot, the others
/// give a slot to each new key until the cap, after which new keys share one overflow slot.
/// </summary>
internal sealed class LeakageCategories
{
    private readonly Dictionary<int, int>? _slots;
    private readonly int _cap;
    private readonly List<int> _keys = [];
    private readonly int[] _ascii = new int[128]; // slot + 1 of keys below 128 (characters), 0 when not seen
    private long[] _counts;

    private LeakageCategories(Dictionary<int, int>? slots, int cap, int dense)
    {
        _slots = slots;
        _cap = cap;
        _counts = new long[3 * Math.Max(dense, 16)];
        for (int k = 0; k < dense; k++)
        {
            _keys.Add(k);
        }
    }

    /// <summary>A feature whose keys are 0 … <paramref name="values"/> − 1, used as slots.</summary>
    public static LeakageCategories Dense(int values) => new(null, values, values);

    /// <summary>A feature of any keys, at most <paramref name="cap"/> of them counted one by one.</summary>
    public static LeakageCategories Capped(int cap) => new([], cap, 0);

    /// <summary>Whether values were pooled into the overflow slot.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Slots in use (the overflow slot last, when used).</summary>
    public int Slots => _keys.Count + (Overflowed ? 1 : 0);

    /// <summary>The key of slot <paramref name="slot"/>, or null for the overflow slot.</summary>
    public int? Key(int slot) => slot < _keys.Count ? _keys[slot] : null;

    /// <summary>Rows with the value of <paramref name="slot"/>.</summary>
    public long Rows(int slot) => _counts[3 * Index(slot)];

    /// <summary>Rows with the value of <paramref name="slot"/> that carry <paramref name="label"/> (1: is_fraud, 2: is_laundering).</summary>
    public long Positives(int slot, int label) => _counts[(3 * Index(slot)) + label];

    /// <summary>Counts one row.</summary>
    public void Add(int key, bool fraud, bool laundering)
    {
        int b = 3 * Slot(key);
        _counts[b]++;
        _counts[b + 1] += fraud ? 1 : 0;
        _counts[b + 2] += laundering ? 1 : 0;
    }

    // The overflow slot lives at index _cap (past every counted key) so that keys keep their slots as they come.
    private int Index(int slot) => slot < _keys.Count ? slot : _cap;

    private int Slot(int key)
    {
        if (_slots is null)
        {
            return key;
        }

        if ((uint)key < (uint)_ascii.Length && _ascii[key] > 0)
        {
            return _ascii[key] - 1;
        }

        if (_slots.TryGetValue(key, out int slot))
        {
            return slot;
        }

        if (_keys.Count < _cap)
        {
            slot = _keys.Count;
            _keys.Add(key);
            _slots.Add(key, slot);
            if ((uint)key < (uint)_ascii.Length)
            {
                _ascii[key] = slot + 1;
            }

            Grow(slot);
            return slot;
        }

        Overflowed = true;
        Grow(_cap);
        return _cap;
    }

    private void Grow(int slot)
    {
        if (3 * (slot + 1) > _counts.Length)
        {
            Array.Resize(ref _counts, Math.Max(3 * (slot + 1), 2 * _counts.Length));
        }
    }
}
