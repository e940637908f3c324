using System.Text;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Tests.Yaml;

public class ScenarioYamlReaderTests
{
    private static (YamlMapping? Root, List<ScenarioDiagnostic> Diagnostics) Read(string text) => Read(Encoding.UTF8.GetBytes(text));

    private static (YamlMapping? Root, List<ScenarioDiagnostic> Diagnostics) Read(byte[] bytes)
    {
        var diagnostics = new List<ScenarioDiagnostic>();
        YamlMapping? root = ScenarioYamlReader.Read("s.yaml", bytes, diagnostics);
        return (root, diagnostics);
    }

    [Fact]
    public void Nodes_carry_their_line_column_and_path()
    {
        (YamlMapping? root, List<ScenarioDiagnostic> diagnostics) = Read("meta:\n  name: cut-in\n  tags: [highway, 'cut in']\nactors:\n  lead:\n    speed: uniform(20, 30)\n");
        Assert.Empty(diagnostics);
        var speed = (YamlScalar)((YamlMapping)((YamlMapping)root!["actors"]!)["lead"]!)["speed"]!;
        Assert.Equal(("uniform(20, 30)", 6, 12, "actors.lead.speed"), (speed.Value, speed.Line, speed.Column, speed.Path));
        var tags = (YamlSequence)((YamlMapping)root["meta"]!)["tags"]!;
        var second = (YamlScalar)tags.Items[1];
        Assert.Equal(("cut in", true, "meta.tags[1]", 3, 19), (second.Value, second.Quoted, second.Path, second.Line, second.Column));
    }

    [Theory]
    [InlineData("", 1, 1, "the file is empty")]
    [InlineData("- a\n- b\n", 1, 1, "the file is a list")]
    [InlineData("meta:\n  name: [unclosed\n", 3, 1, "malformed YAML")]
    [InlineData("meta:\n  name: a\n  name: b\n", 3, 3, "duplicate key 'name' (first at line 2)")]
    [InlineData("---\n", 1, 1, "the file is empty")]
    [InlineData("meta:\n\tname: tabs\n", 2, 1, "YAML indents with spaces; found a tab")]
    [InlineData("meta:\n  name: tabs\n  \tduration: 10\n", 3, 3, "YAML indents with spaces; found a tab")]
    [InlineData("meta:\n  name: \"unclosed\n  duration: 10\n", 2, 9, "the double quote opened at 2:9 is not closed on its line")]
    [InlineData("meta:\n  duration: 10\n  name: 'it''s\n", 3, 9, "the single quote opened at 3:9 is not closed before the end of the file")]
    [InlineData("meta:\n  tags: [a,\r b]\n", 2, 12, "a carriage return (\\r) without a line feed")] // YamlDotNet's scanner throws InvalidOperationException
    [InlineData("a: &x [1, 2]\nb: *x\n", 1, 4, "anchor '&x'")]
    [InlineData("meta: a\n---\nmeta: b\n", 2, 1, "a second YAML document")]
    [InlineData("meta:\n  ? [a, b]\n  : c\n", 2, 5, "a mapping key must be a plain word")]
    public void Bad_files_give_their_location_and_what_is_wrong(string text, int line, int column, string message)
    {
        (YamlMapping? root, List<ScenarioDiagnostic> diagnostics) = Read(text);
        ScenarioDiagnostic d = Assert.Single(diagnostics);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (d.Line, d.Column));
        Assert.StartsWith($"s.yaml:{line}:{column}: ", d.ToString(), StringComparison.Ordinal);
        _ = root;
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_no_part_of_the_first_key()
    {
        (YamlMapping? root, List<ScenarioDiagnostic> diagnostics) = Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("meta:\n  name: bom\n  duration: 10\n")]);
        Assert.Empty(diagnostics);
        Assert.Equal(["meta"], root!.Entries.Select(e => e.Key.Value));
        Assert.Equal((1, 1), (root.Entries[0].Key.Line, root.Entries[0].Key.Column));
    }

    [Fact]
    public void A_file_with_a_utf8_byte_order_mark_validates()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("sim-bom-").FullName, "bom.yaml");
        try
        {
            File.WriteAllText(path, "meta:\n  name: bom\n  duration: 10\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(path)[..3]);
            var diagnostics = new List<ScenarioDiagnostic>();
            ScenarioSpec? spec = ScenarioSpec.Load(path, diagnostics);
            Assert.Empty(diagnostics);
            Assert.Equal("bom", spec!.Meta.Name);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Theory]
    [InlineData("meta:\n  name: x\n  duration: 10\n  {0}: 1\n", 4, 3, "meta")] // after other keys
    [InlineData("meta:\n  {0}: 1\n", 2, 3, "meta")] // the first key of a mapping
    [InlineData("meta:\n  name: x\n{0}: 1\n", 3, 1, "")] // back at the top level
    [InlineData("meta: {{name: x, {0}: 1}}\n", 1, 17, "meta")] // in a flow mapping, which the parser lets through
    public void A_key_over_yamls_1024_character_limit_is_reported_at_the_key(string template, int line, int column, string path)
    {
        (_, List<ScenarioDiagnostic> diagnostics) = Read(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, new string('k', 2000)));
        ScenarioDiagnostic d = Assert.Single(diagnostics);
        Assert.Equal((line, column, path), (d.Line, d.Column, d.Path));
        Assert.Contains("may be at most 1024 characters (YAML's limit); this one has 2,000", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_distribution_cut_apart_by_flow_commas_leaves_no_stray_keys_or_items()
    {
        (YamlMapping? root, List<ScenarioDiagnostic> diagnostics) = Read("k: {rain: uniform(0, 1), snow: 0.5}\nl: [uniform(0, 1), 3]\nm: {a: foo(1, 2)}\n");
        Assert.Empty(diagnostics);
        var k = (YamlMapping)root!["k"]!;
        Assert.Equal(["rain", "snow"], k.Entries.Select(e => e.Key.Value)); // no key "1)"
        Assert.True(((YamlScalar)k["rain"]!).InFlow);
        Assert.Equal(["uniform(0", "3"], ((YamlSequence)root["l"]!).Items.Select(i => ((YamlScalar)i).Value));
        Assert.Equal(["a", "2)"], ((YamlMapping)root["m"]!).Entries.Select(e => e.Key.Value)); // not a distribution: kept
    }

    [Fact]
    public void An_alias_bomb_is_refused_at_its_first_anchor_without_expanding()
    {
        var text = new StringBuilder("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (int i = 1; i < 10; i++)
        {
            text.Append((char)('a' + i)).Append(": &").Append((char)('a' + i)).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*" + (char)('a' + i - 1), 9))).Append("]\n");
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        (YamlMapping? root, List<ScenarioDiagnostic> diagnostics) = Read(text.ToString());
        Assert.Null(root);
        Assert.Contains("anchors and aliases are not allowed", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4_000_000);
    }

    [Fact]
    public void Deep_nesting_too_many_nodes_and_oversized_files_are_refused()
    {
        (YamlMapping? root, List<ScenarioDiagnostic> d) = Read("a: " + new string('[', 40) + new string(']', 40) + "\n");
        Assert.Null(root);
        Assert.Contains($"nesting deeper than {ScenarioYamlReader.MaxDepth}", Assert.Single(d).Message, StringComparison.Ordinal);

        (root, d) = Read("a: [" + string.Join(",", Enumerable.Repeat("1", ScenarioYamlReader.MaxNodes + 5)) + "]\n");
        Assert.Null(root);
        Assert.Contains("more than 100,000 YAML nodes", Assert.Single(d).Message, StringComparison.Ordinal);

        (root, d) = Read(new byte[ScenarioYamlReader.MaxFileBytes + 1]);
        Assert.Null(root);
        Assert.Contains("may have at most 1,048,576", Assert.Single(d).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_garbage_and_invalid_utf8_are_refused_as_not_text()
    {
        (YamlMapping? root, List<ScenarioDiagnostic> d) = Read([0x6D, 0x3A, 0x20, 0xFF, 0xFE, 0x00]);
        Assert.Null(root);
        Assert.Contains("not UTF-8 text", Assert.Single(d).Message, StringComparison.Ordinal);

        (root, d) = Read("meta:\n  x: a\0b\n");
        Assert.Null(root);
        ScenarioDiagnostic nul = Assert.Single(d);
        Assert.Contains("binary data", nul.Message, StringComparison.Ordinal);
        Assert.Equal((2, 7), (nul.Line, nul.Column));

        var random = new System.Random(5);
#pragma warning disable CA5394 // test data, not security
        for (int i = 0; i < 200; i++)
        {
            byte[] garbage = new byte[random.Next(1, 400)];
            random.NextBytes(garbage);
            var diagnostics = new List<ScenarioDiagnostic>();
            _ = ScenarioYamlReader.Read("g.yaml", garbage, diagnostics); // never throws
        }
#pragma warning restore CA5394
    }

    [Fact]
    public void Mangled_scenarios_are_reported_never_thrown()
    {
        const string valid = "meta:\n  name: fuzz\n  duration: 10\nweather:\n  keyframes:\n    - {time: 0, rain: uniform(0, 1)}\n    - time: 5\n      snow: choice([a, 'b'], [1, 2])\nworld:\n  road:\n    type: highway\n    on_ramp:\n      merge_start: 700\n";
        string[] pieces = ["\t", "\"", "'", "\r", "\r\n", "(", ")", ",", "[", "{", ":", " ", "\n", "- ", "? ", "---\n", "\uFEFF", "1e400", new string('k', 1100) + ": 1"];
        var random = new System.Random(11);
#pragma warning disable CA5394 // test data, not security
        for (int i = 0; i < 3000; i++)
        {
            var text = new StringBuilder(valid);
            for (int edits = random.Next(1, 4); edits > 0; edits--)
            {
                text.Insert(random.Next(text.Length + 1), pieces[random.Next(pieces.Length)]);
            }

            var diagnostics = new List<ScenarioDiagnostic>();
            YamlMapping? root;
            try
            {
                root = ScenarioYamlReader.Read("f.yaml", Encoding.UTF8.GetBytes(text.ToString()), diagnostics);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{System.Text.Json.JsonSerializer.Serialize(text.ToString())} threw {e}");
                throw;
            }
            if (root is not null)
            {
                _ = ScenarioSpec.FromYaml("f.yaml", root, diagnostics); // never throws either
            }

            Assert.All(diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1 && !d.Message.Contains('\n', StringComparison.Ordinal), d.ToString()));
        }
#pragma warning restore CA5394
    }

    [Fact]
    public void A_missing_file_is_reported_not_thrown()
    {
        var diagnostics = new List<ScenarioDiagnostic>();
        Assert.Null(ScenarioYamlReader.ReadFile("/nonexistent/scenario.yaml", diagnostics));
        Assert.Contains("no such file", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }
}

public class ScenarioFileReadingTests
{
    [Theory]
    [InlineData("/tmp", "is a directory; expected a scenario file")]
    [InlineData("/dev/zero", "the file has more than 1,048,576 bytes")] // a device claims no length; reading stops at the limit
    public void Things_that_are_not_scenario_files_are_reported_not_thrown(string path, string message)
    {
        var diagnostics = new List<ScenarioDiagnostic>();
        Assert.Null(ScenarioYamlReader.ReadFile(path, diagnostics));
        Assert.StartsWith(message, Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }
}
