using System.Globalization;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Distributions;

/// <summary>Where and why a distribution expression is wrong: <see cref="Column"/> is 1-based within the scalar's text
/// (the YAML reader adds the scalar's own line and column).</summary>
/// <param name="Column">1-based column in the expression.</param>
/// <param name="Message">What was expected.</param>
public sealed record DistributionError(int Column, string Message);

/// <summary>
/// Parses the distribution expressions a scenario scalar may hold:
/// <c>uniform(a, b)</c>, <c>normal(mu, sigma)</c>, <c>lognormal(mu, sigma)</c>, <c>choice([v1, v2, …], [w1, w2, …])</c>
/// (options are numbers, bare words or quoted strings; weights optional) and <c>range(a, b, step)</c>.
/// Anything else is a plain scalar. Parameters are checked (a &lt; b, σ &gt; 0, weights non-negative with a positive sum,
/// step towards b, at most <see cref="MaxValues"/> options or grid values).
/// </summary>
public static class DistributionParser
{
    /// <summary>The most options a choice, or grid values a range, may have.</summary>
    public const int MaxValues = 10_000;

    private static readonly string[] Names = ["uniform", "normal", "lognormal", "choice", "range"];

    /// <summary>Each function's parameters, for "takes N arguments" messages.</summary>
    private static readonly Dictionary<string, string[]> Parameters = new(StringComparer.Ordinal)
    {
        ["uniform"] = ["a", "b"],
        ["normal"] = ["mu", "sigma"],
        ["lognormal"] = ["mu", "sigma"],
        ["choice"] = ["[options]", "[weights]"],
        ["range"] = ["a", "b", "step"],
    };

    /// <summary>
    /// Parses <paramref name="text"/>. Returns true with <paramref name="distribution"/> set for a valid expression;
    /// true with it null for a plain scalar (not an expression); false with <paramref name="error"/> set for an
    /// expression that is wrong (including a misspelled function name close to a known one).
    /// </summary>
    public static bool TryParse(string text, out Distribution? distribution, out DistributionError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        distribution = null;
        error = null;
        var cursor = new Cursor(text);
        cursor.SkipSpace();
        int nameStart = cursor.Position;
        string name = cursor.Identifier();
        cursor.SkipSpace();
        if (name.Length == 0 || !cursor.Peek('('))
        {
            return true; // a plain scalar
        }

        if (!Names.Contains(name))
        {
            string? near = Names.FirstOrDefault(n => Spelling.Distance(n, name) <= 2);
            if (near is null)
            {
                return true; // some other text with parentheses: a plain scalar
            }

            error = new DistributionError(nameStart + 1, $"unknown distribution {MessageText.Quote(name)}; did you mean '{near}'? (known: {string.Join(", ", Names)})");
            return false;
        }

        try
        {
            cursor.Expect('(');
            CheckArity(text, cursor.Position, name);
            distribution = name switch
            {
                "uniform" => Uniform(ref cursor),
                "normal" => Normal(ref cursor, log: false),
                "lognormal" => Normal(ref cursor, log: true),
                "choice" => Choice(ref cursor),
                _ => Range(ref cursor),
            };
            cursor.Expect(')');
            cursor.SkipSpace();
            if (!cursor.AtEnd)
            {
                throw new ParseException(cursor.Position, $"unexpected {MessageText.Quote(text[cursor.Position..])} after the closing parenthesis");
            }

            return true;
        }
        catch (ParseException e)
        {
            distribution = null;
            error = new DistributionError(e.Position + 1, e.Message);
            return false;
        }
    }

    /// <summary>
    /// Counts the arguments of the call whose parenthesis opens just before <paramref name="from"/> (commas outside
    /// nested brackets and quotes) and throws when <paramref name="name"/> takes another number of them: at the
    /// closing parenthesis when there are too few, at the comma of the first extra one when there are too many. An
    /// expression that never closes its parenthesis is left to the parser, which says where it ends.
    /// </summary>
    private static void CheckArity(string text, int from, string name)
    {
        string[] parameters = Parameters[name];
        int most = parameters.Length, least = name == "choice" ? 1 : most;
        int depth = 0, commas = 0, extra = -1;
        bool empty = true;
        for (int i = from; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '\'' or '"')
            {
                int close = text.IndexOf(c, i + 1);
                if (close < 0)
                {
                    return; // an unterminated string: the parser reports it
                }

                i = close;
                empty = false;
            }
            else if (c is '(' or '[')
            {
                depth++;
                empty = false;
            }
            else if (c is ']' || (c == ')' && depth > 0))
            {
                depth--;
            }
            else if (c == ')')
            {
                int count = empty ? 0 : commas + 1;
                if (count >= least && count <= most)
                {
                    return;
                }

                string takes = least == most
                    ? $"{name} takes {most} argument{(most == 1 ? string.Empty : "s")} ({string.Join(", ", parameters)})"
                    : $"{name} takes {least} or {most} arguments ({string.Join(", ", parameters)})";
                throw new ParseException(count < least ? i : extra, $"{takes}; found {(count == 0 ? "none" : count.ToString(CultureInfo.InvariantCulture))}");
            }
            else if (c == ',' && depth == 0)
            {
                commas++;
                if (commas == most)
                {
                    extra = i;
                }
            }
            else if (!char.IsWhiteSpace(c))
            {
                empty = false;
            }
        }
    }

    private static UniformDistribution Uniform(ref Cursor cursor)
    {
        (double a, int at) = cursor.Number("uniform's a");
        cursor.Expect(',');
        (double b, int bt) = cursor.Number("uniform's b");
        if (!(a < b))
        {
            throw new ParseException(bt, FormattableString.Invariant($"uniform(a, b) needs a < b, got a = {a}, b = {b}"));
        }

        _ = at;
        return new UniformDistribution(a, b);
    }

    private static Distribution Normal(ref Cursor cursor, bool log)
    {
        string function = log ? "lognormal" : "normal";
        (double mu, _) = cursor.Number($"{function}'s mu");
        cursor.Expect(',');
        (double sigma, int st) = cursor.Number($"{function}'s sigma");
        if (!(sigma > 0))
        {
            throw new ParseException(st, FormattableString.Invariant($"{function}(mu, sigma) needs sigma > 0, got {sigma}"));
        }

        return log ? new LogNormalDistribution(mu, sigma) : new NormalDistribution(mu, sigma);
    }

    private static RangeSweep Range(ref Cursor cursor)
    {
        (double a, _) = cursor.Number("range's a");
        cursor.Expect(',');
        (double b, _) = cursor.Number("range's b");
        cursor.Expect(',');
        (double step, int st) = cursor.Number("range's step");
        if (step == 0 || (b != a && Math.Sign(step) != Math.Sign(b - a)))
        {
            throw new ParseException(st, FormattableString.Invariant($"range(a, b, step) needs a step that goes from a = {a} towards b = {b}, got {step}"));
        }

        double count = Math.Floor(((b - a) / step) + 1e-6) + 1;
        if (count > MaxValues)
        {
            throw new ParseException(st, FormattableString.Invariant($"range(a, b, step) gives {count:0} values; at most {MaxValues} are allowed"));
        }

        return new RangeSweep(a, b, step);
    }

    private static ChoiceDistribution Choice(ref Cursor cursor)
    {
        int listAt = cursor.Position;
        List<ScenarioValue> options = cursor.List(item: true);
        if (options.Count == 0)
        {
            throw new ParseException(listAt, "choice needs at least one option");
        }

        List<double>? weights = null;
        cursor.SkipSpace();
        if (cursor.Peek(','))
        {
            cursor.Expect(',');
            cursor.SkipSpace();
            int weightsAt = cursor.Position;
            List<ScenarioValue> raw = cursor.List(item: false);
            if (raw.Count != options.Count)
            {
                throw new ParseException(weightsAt, $"choice has {options.Count} options but {raw.Count} weights");
            }

            weights = [.. raw.Select(v => v.Number)];
            if (weights.Any(w => !(w >= 0)) || !(weights.Sum() > 0))
            {
                throw new ParseException(weightsAt, "choice weights must be non-negative numbers with a positive sum");
            }
        }

        return new ChoiceDistribution(options, weights);
    }

    private sealed class ParseException(int position, string message) : Exception(message)
    {
        public int Position { get; } = position;
    }

    private ref struct Cursor(string text)
    {
        private readonly string _text = text;

        public int Position { get; private set; }

        public readonly bool AtEnd => Position >= _text.Length;

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(_text[Position]))
            {
                Position++;
            }
        }

        public readonly bool Peek(char c) => !AtEnd && _text[Position] == c;

        public void Expect(char c)
        {
            SkipSpace();
            if (!Peek(c))
            {
                throw new ParseException(Position, AtEnd ? $"expected '{c}' but the expression ends" : $"expected '{c}' but found '{_text[Position]}'");
            }

            Position++;
        }

        public string Identifier()
        {
            int start = Position;
            while (!AtEnd && (char.IsLetterOrDigit(_text[Position]) || _text[Position] is '_' or '-' or '.') && !(Position == start && char.IsDigit(_text[Position])))
            {
                Position++;
            }

            return _text[start..Position];
        }

        /// <summary>A number; <paramref name="what"/> names it in messages ("uniform's a").</summary>
        public (double Value, int Position) Number(string what)
        {
            SkipSpace();
            int start = Position;
            while (!AtEnd && (char.IsDigit(_text[Position]) || _text[Position] is '+' or '-' or '.' or 'e' or 'E'))
            {
                Position++;
            }

            string token = _text[start..Position];
            bool parsed = double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value);
            if (parsed && double.IsInfinity(value))
            {
                throw new ParseException(start, $"{what} is out of range: {MessageText.Quote(token)} is too large for a number");
            }

            if (token.Length == 0 || !parsed || !double.IsFinite(value))
            {
                // Echo the whole argument as written, up to the comma or bracket that ends it.
                int end = start;
                while (end < _text.Length && _text[end] is not (',' or ')' or ']'))
                {
                    end++;
                }

                string written = _text[start..end].TrimEnd();
                throw new ParseException(start, written.Length > 0
                    ? $"{what} must be a number; found {MessageText.Quote(written)}"
                    : AtEnd ? $"{what} must be a number; the expression ends" : $"{what} is missing; found '{_text[start]}'");
            }

            return (value, start);
        }

        /// <summary>A bracketed list of options (numbers, words, quoted strings) or of numbers (weights).</summary>
        public List<ScenarioValue> List(bool item)
        {
            Expect('[');
            var values = new List<ScenarioValue>();
            SkipSpace();
            if (Peek(']'))
            {
                Position++;
                return values;
            }

            while (true)
            {
                SkipSpace();
                if (values.Count == MaxValues)
                {
                    throw new ParseException(Position, $"more than {MaxValues} values in a list");
                }

                values.Add(item ? Item() : ScenarioValue.Of(Number("each choice weight").Value));
                SkipSpace();
                if (Peek(','))
                {
                    Position++;
                    continue;
                }

                Expect(']');
                return values;
            }
        }

        private ScenarioValue Item()
        {
            if (Peek('\'') || Peek('"'))
            {
                char quote = _text[Position];
                int start = ++Position;
                while (!AtEnd && _text[Position] != quote)
                {
                    Position++;
                }

                if (AtEnd)
                {
                    throw new ParseException(start - 1, $"unterminated {quote} string");
                }

                return ScenarioValue.Of(_text[start..Position++]);
            }

            int at = Position;
            if (!AtEnd && (char.IsDigit(_text[Position]) || _text[Position] is '+' or '-' or '.'))
            {
                return ScenarioValue.Of(Number("a choice option that starts like a number").Value);
            }

            string word = Identifier();
            if (word.Length == 0)
            {
                throw new ParseException(at, AtEnd ? "expected an option but the expression ends" : $"expected an option (number, word or quoted string) but found '{_text[at]}'");
            }

            return ScenarioValue.Of(word);
        }
    }
}
