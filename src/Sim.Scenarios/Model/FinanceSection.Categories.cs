using System.Text.RegularExpressions;
using Sim.Core.Finance;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary><c>finance.categories</c>: the spending categories that replace <see cref="SpendingCategory.Defaults"/>.</summary>
public static partial class FinanceSection
{
    /// <summary>The most spending categories a scenario may have.</summary>
    public const int MaxCategories = 100;

    /// <summary>The keys of a category.</summary>
    public static readonly IReadOnlyList<string> CategoryKeys = ["name", "share", "median_amount", "amount_sigma", "online_share", "hourly", "weekday", "monthly"];

    /// <summary>What a category not among the defaults must give.</summary>
    private static readonly string[] NewCategoryNeeds = ["share", "median_amount", "amount_sigma", "online_share"];

    private static readonly double[] Flat24 = [.. Enumerable.Repeat(1.0, 24)];
    private static readonly double[] Flat7 = [.. Enumerable.Repeat(1.0, 7)];
    private static readonly double[] Flat12 = [.. Enumerable.Repeat(1.0, 12)];

    /// <summary>
    /// <c>finance.categories</c>: a list of 1–<see cref="MaxCategories"/> categories with unique snake-case names. A
    /// category named like one of <see cref="SpendingCategory.Defaults"/> takes that category's values for the keys it
    /// leaves out; another needs <c>share</c>, <c>median_amount</c>, <c>amount_sigma</c> and <c>online_share</c>, and its
    /// profiles left out are flat. <see cref="SpendingCategory.Defaults"/> when absent; null when wrong (reported).
    /// </summary>
    private static IReadOnlyList<SpendingCategory>? ReadCategories(YamlMapping finance, SectionReader reader, string money)
    {
        YamlNode? node = finance["categories"];
        if (node is null)
        {
            return SpendingCategory.Defaults;
        }

        if (node is not YamlSequence list || list.Items.Count == 0)
        {
            reader.Error(node, $"expected a list of 1–{MaxCategories} spending categories, e.g. [{{name: grocery, share: 0.3}}, {{name: fuel, share: 0.1}}], found {SectionReader.Found(node)}");
            return null;
        }

        if (list.Items.Count > MaxCategories)
        {
            reader.Error(node, FormattableString.Invariant($"{list.Items.Count:N0} categories; a scenario may have at most {MaxCategories}"));
            return null;
        }

        int errors = reader.Diagnostics.Count;
        var categories = new List<SpendingCategory>(list.Items.Count);
        var named = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (YamlNode item in list.Items)
        {
            if (item is not YamlMapping map)
            {
                reader.Error(item, $"expected a category mapping (name, share, median_amount, …), found {SectionReader.Found(item)}");
            }
            else if (ReadCategory(map, reader, money, named) is { } category)
            {
                categories.Add(category);
            }
        }

        return reader.Diagnostics.Count > errors ? null : categories;
    }

    /// <summary>One category; null when wrong (reported). <paramref name="named"/> holds the names so far and their lines.</summary>
    private static SpendingCategory? ReadCategory(YamlMapping map, SectionReader reader, string money, Dictionary<string, int> named)
    {
        int errors = reader.Diagnostics.Count;
        reader.CheckKeys(map, [.. CategoryKeys]);
        string? name = FixedText(map, reader, "name", required: true);
        SpendingCategory? known = null;
        if (name is not null)
        {
            YamlNode at = map["name"]!;
            if (!CategoryNamePattern().IsMatch(name))
            {
                reader.Error(at, $"{MessageText.Quote(name)} is not a valid category name; use snake case: 1–64 lowercase letters, digits and '_', starting with a letter (e.g. grocery)");
            }
            else if (named.TryGetValue(name, out int line))
            {
                reader.Error(at, FormattableString.Invariant($"category '{name}' is already defined at line {line}; each category is named once"));
            }
            else
            {
                named.Add(name, at.Line);
            }

            known = SpendingCategory.Defaults.FirstOrDefault(c => c.Name == name);
            string[] missing = known is null ? [.. NewCategoryNeeds.Where(k => map[k] is null)] : [];
            if (missing.Length > 0)
            {
                reader.Error(map, $"'{name}' is not one of Sim's default categories ({string.Join(", ", SpendingCategory.Defaults.Select(c => c.Name))}), so it needs {string.Join(", ", missing)}");
            }
        }

        double share = Positive(map, reader, "share", MaxWeight, string.Empty, known?.Share ?? 1);
        double median = Real(map, reader, "median_amount", MinAmount, MaxAmount, money, known?.MedianAmount ?? 1);
        double sigma = Real(map, reader, "amount_sigma", 0, MaxSigma, string.Empty, known?.AmountSigma ?? 0);
        double online = Real(map, reader, "online_share", 0, 1, string.Empty, known?.OnlineShare ?? 0);
        IReadOnlyList<double> hourly = ReadProfile(map, reader, "hourly", "hour 0 (midnight to 1 am) first", known?.Hourly ?? Flat24);
        IReadOnlyList<double> weekday = ReadProfile(map, reader, "weekday", "Monday first", known?.Weekday ?? Flat7);
        IReadOnlyList<double> monthly = ReadProfile(map, reader, "monthly", "January first", known?.Monthly ?? Flat12);
        return reader.Diagnostics.Count > errors || name is null ? null : new SpendingCategory(name, share, median, sigma, online, hourly, weekday, monthly);
    }

    /// <summary>A profile of relative weights under <paramref name="key"/>: exactly as many as <paramref name="fallback"/>
    /// has, each 0–<see cref="MaxWeight"/> (each may vary), not all 0; <paramref name="fallback"/> when absent (or wrong,
    /// reported).</summary>
    private static IReadOnlyList<double> ReadProfile(YamlMapping map, SectionReader reader, string key, string order, IReadOnlyList<double> fallback)
    {
        YamlNode? node = map[key];
        if (node is null)
        {
            return fallback;
        }

        int length = fallback.Count;
        if (node is not YamlSequence list || list.Items.Count != length)
        {
            reader.Error(node, FormattableString.Invariant(
                $"expected {length} relative weights, {order}; found {(node is YamlSequence s ? $"{s.Items.Count} weight{(s.Items.Count == 1 ? string.Empty : "s")}" : SectionReader.Found(node))}"));
            return fallback;
        }

        var weights = new double[length];
        bool wrong = false;
        for (int i = 0; i < length; i++)
        {
            double? w = reader.Number(list.Items[i], 0, MaxWeight, string.Empty, mayVary: true);
            wrong |= w is null;
            weights[i] = w ?? 0;
        }

        if (!wrong && Array.TrueForAll(weights, w => w == 0))
        {
            reader.Error(node, $"every {key} weight is 0; at least one must be above 0 (they are relative)");
        }

        return weights;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex CategoryNamePattern();
}
