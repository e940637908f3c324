using System.CommandLine;

namespace Sim.Cli.Commands;

/// <summary><c>sim validate FILE...</c>: check scenario files and report file:line:col errors (issue 4).</summary>
internal sealed class ValidateCommand : Command
{
    /// <summary>Creates the <c>validate</c> command.</summary>
    public ValidateCommand()
        : base("validate", "Check scenario files and report every error with file:line:col.")
    {
        Add(Files);
        NotBuiltYet.Attach(this, issue: 4);
    }

    /// <summary>The scenario files to check.</summary>
    public Argument<FileInfo[]> Files { get; } = new("files")
    {
        Description = "Scenario files (YAML).",
        Arity = ArgumentArity.OneOrMore,
    };
}
