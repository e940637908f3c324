using Sim.Scenarios.Distributions;

namespace Sim.Scenarios.Tests.Distributions;

public class DistributionParserTests
{
    private static Distribution Parse(string text)
    {
        Assert.True(DistributionParser.TryParse(text, out Distribution? d, out DistributionError? error), error?.Message);
        return Assert.IsAssignableFrom<Distribution>(d);
    }

    [Fact]
    public void Every_distribution_form_parses_with_its_parameters()
    {
        Assert.Equal(new UniformDistribution(10, 20.5), Parse("uniform(10, 20.5)"));
        Assert.Equal(new NormalDistribution(-1.5, 0.25), Parse("  normal( -1.5 ,0.25 ) "));
        Assert.Equal(new LogNormalDistribution(0, 1e-1), Parse("lognormal(0, 1e-1)"));
        Assert.Equal(new RangeSweep(10, 30, 5), Parse("range(10, 30, 5)"));
        Assert.Equal(5, ((RangeSweep)Parse("range(10, 30, 5)")).Count);
        Assert.Equal(3, ((RangeSweep)Parse("range(1, 0, -0.5)")).Count);

        var choice = (ChoiceDistribution)Parse("choice([car, van, 'box truck', \"bus\", 3.5], [4, 3, 2, 1, 0])");
        Assert.Equal(["car", "van", "box truck", "bus", "3.5"], choice.Options.Select(o => o.ToString()));
        Assert.True(choice.Options[4].IsNumber);
        Assert.Equal(0.4, choice.Probability(0), 12);
        Assert.Equal(0, choice.Probability(4));
        Assert.Equal(0.25, ((ChoiceDistribution)Parse("choice([a, b, c, d])")).Probability(2), 12);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("ego")]
    [InlineData("hello (world)")]
    [InlineData("")]
    public void Plain_scalars_are_not_distributions(string text)
    {
        Assert.True(DistributionParser.TryParse(text, out Distribution? d, out DistributionError? error));
        Assert.Null(d);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("uniform(20, 10)", 13, "needs a < b")]
    [InlineData("uniform(10, 10)", 13, "needs a < b")]
    [InlineData("uniform(10)", 11, "uniform takes 2 arguments (a, b); found 1")]
    [InlineData("uniform(1, 2, 3)", 13, "uniform takes 2 arguments (a, b); found 3")]
    [InlineData("uniform()", 9, "uniform takes 2 arguments (a, b); found none")]
    [InlineData("range(0, 1)", 11, "range takes 3 arguments (a, b, step); found 2")]
    [InlineData("choice([a, b], [1, 2], [3])", 22, "choice takes 1 or 2 arguments ([options], [weights]); found 3")]
    [InlineData("uniform(10, x)", 13, "uniform's b must be a number; found 'x'")]
    [InlineData("uniform(ten, 20)", 9, "uniform's a must be a number; found 'ten'")]
    [InlineData("uniform(0.2, )", 14, "uniform's b is missing; found ')'")]
    [InlineData("choice([a, b], [1, x])", 20, "each choice weight must be a number; found 'x'")]
    [InlineData("uniform(10, 20", 15, "expected ')' but the expression ends")]
    [InlineData("uniform(10, 20) + 3", 17, "unexpected '+ 3'")]
    [InlineData("normal(0, 0)", 11, "needs sigma > 0")]
    [InlineData("lognormal(0, -1)", 14, "needs sigma > 0")]
    [InlineData("normal(0, 1e999)", 11, "normal's sigma is out of range: '1e999' is too large for a number")]
    [InlineData("unifrom(1, 2)", 1, "did you mean 'uniform'")]
    [InlineData("range(0, 10, -1)", 14, "goes from a = 0 towards b = 10")]
    [InlineData("range(0, 10, 0)", 14, "goes from a = 0 towards b = 10")]
    [InlineData("range(0, 1e9, 1)", 15, "at most 10000")]
    [InlineData("choice([])", 8, "at least one option")]
    [InlineData("choice([a, b], [1])", 16, "2 options but 1 weights")]
    [InlineData("choice([a, b], [1, -1])", 16, "non-negative")]
    [InlineData("choice([a, b], [0, 0])", 16, "positive sum")]
    [InlineData("choice([a, 'b)", 12, "unterminated ' string")]
    [InlineData("choice(a, b)", 8, "expected '['")]
    public void Wrong_expressions_name_the_column_and_what_was_expected(string text, int column, string message)
    {
        Assert.False(DistributionParser.TryParse(text, out Distribution? d, out DistributionError? error));
        Assert.Null(d);
        Assert.NotNull(error);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(column, error.Column);
    }

    [Fact]
    public void Expressions_round_trip_through_their_text()
    {
        foreach (string text in new[] { "uniform(1.5, 2)", "normal(0, 0.1)", "lognormal(1, 2)", "range(0, 1, 0.25)", "choice([a, b], [1, 3])", "choice([1, 2])" })
        {
            Distribution d = Parse(text);
            Assert.Equal(d, Parse(d.ToString()));
        }
    }

    [Fact]
    public void Commas_and_brackets_in_quotes_or_lists_are_not_argument_separators()
    {
        var choice = (ChoiceDistribution)Parse("choice(['a,b', \"(\", c], [1, 2, 3])");
        Assert.Equal(["a,b", "(", "c"], choice.Options.Select(o => o.ToString()));
    }

    [Fact]
    public void Long_text_is_echoed_shortened()
    {
        string word = new('w', 500);
        Assert.False(DistributionParser.TryParse($"uniform(1, 2) {word}", out _, out DistributionError? error));
        Assert.Equal($"unexpected '{new string('w', 40)}…' (500 characters) after the closing parenthesis", error!.Message);
    }
}
