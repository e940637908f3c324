using Sim.Core.Ecs;

namespace Sim.Core.Kernel;

/// <summary>Settings of a <see cref="Simulation"/>.</summary>
/// <param name="Seed">Root of all random draws.</param>
/// <param name="Dt">Fixed time step in seconds.</param>
/// <param name="WorkerThreads">Threads for parallel queries; results do not depend on it.</param>
public sealed record SimulationOptions(ulong Seed, double Dt, int WorkerThreads = 1);

/// <summary>
/// The deterministic kernel: a world stepped at a fixed time step by systems in ordered phases. Each step runs
/// every system (phase order, then registration order), plays each system's command buffer back right after
/// it, then advances the clock by one tick.
/// </summary>
public sealed class Simulation
{
    private readonly List<(Phase Phase, int Order, ISystem System, SystemContext Context)> _systems = [];

    /// <summary>Creates a simulation with an empty world holding a <see cref="SimulationClock"/> resource.</summary>
    public Simulation(SimulationOptions options)
        : this(options, new World())
    {
    }

    /// <summary>Creates a simulation over an existing (e.g. restored) world; adds a clock if the world has none.
    /// Everything is checked before the world is touched.</summary>
    /// <exception cref="ArgumentOutOfRangeException">dt is not a positive finite number of seconds, or fewer than one worker thread.</exception>
    /// <exception cref="ArgumentException">The world's clock has a different time step.</exception>
    public Simulation(SimulationOptions options, World world)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(world);
        var fresh = new SimulationClock(options.Dt);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WorkerThreads, 1, "options.WorkerThreads");
        bool hasClock = world.HasResource<SimulationClock>();
        if (hasClock && world.GetResource<SimulationClock>().Dt != options.Dt)
        {
            throw new ArgumentException(
                $"The world's clock steps by {world.GetResource<SimulationClock>().Dt} s but the options say dt = {options.Dt} s.", nameof(options));
        }

        Options = options;
        World = world;
        World.WorkerThreads = options.WorkerThreads;
        if (!hasClock)
        {
            World.SetResource(fresh);
        }

        World.SetResource(new SimulationSeed(options.Seed));
    }

    /// <summary>The settings.</summary>
    public SimulationOptions Options { get; }

    /// <summary>The world.</summary>
    public World World { get; }

    /// <summary>The clock (a copy).</summary>
    public SimulationClock Clock => World.GetResource<SimulationClock>();

    /// <summary>Registers a system in a phase, after those already in it.</summary>
    public Simulation AddSystem(Phase phase, ISystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (!Enum.IsDefined(phase))
        {
            throw new ArgumentOutOfRangeException(nameof(phase), phase, $"Unknown phase; expected one of {string.Join(", ", Enum.GetNames<Phase>())}.");
        }

        _systems.Add((phase, _systems.Count, system, new SystemContext(World, Options.Seed)));
        _systems.Sort(static (a, b) => a.Phase != b.Phase ? a.Phase.CompareTo(b.Phase) : a.Order.CompareTo(b.Order));
        return this;
    }

    /// <summary>The systems in execution order.</summary>
    public IEnumerable<(Phase Phase, ISystem System)> Systems => _systems.Select(s => (s.Phase, s.System));

    /// <summary>Advances the world by one fixed step.</summary>
    /// <remarks>Not transactional: when a system fails, the systems before it in this step have already changed the
    /// world and the clock has not advanced. Restore a snapshot to retry a step.</remarks>
    /// <exception cref="SimulationStepException">A system failed; the message names it, its phase and the tick.</exception>
    public void Step()
    {
        foreach ((Phase phase, _, ISystem system, SystemContext context) in _systems)
        {
            try
            {
                system.Update(context);
                context.Commands.Playback(World);
            }
            catch (Exception e) when (e is not SimulationStepException and not OutOfMemoryException)
            {
                context.Commands.Clear();
                throw new SimulationStepException(system.GetType().Name, phase, Clock, e);
            }
        }

        World.GetResource<SimulationClock>().Tick++;
    }

    /// <summary>Runs <paramref name="ticks"/> steps.</summary>
    public void Run(long ticks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ticks);
        for (long i = 0; i < ticks; i++)
        {
            Step();
        }
    }
}

/// <summary>A system threw during a step.</summary>
public sealed class SimulationStepException : Exception
{
    /// <summary>Creates the exception, naming the system, its phase and the clock.</summary>
    public SimulationStepException(string system, Phase phase, SimulationClock clock, Exception inner)
        : base($"System {system} ({phase} phase) failed at {clock}: {inner?.Message}", inner)
    {
        SystemName = system;
        Tick = clock.Tick;
    }

    /// <summary>The failing system's type name.</summary>
    public string SystemName { get; }

    /// <summary>The tick of the failed step.</summary>
    public long Tick { get; }
}
