using Sim.Core.Ecs;
using Sim.Core.Kernel;

namespace Sim.Core.Tests.Kernel;

public class SimulationKernelTests
{
    [Fact]
    public void Time_is_tick_times_dt_with_no_accumulated_drift()
    {
        var sim = new Simulation(new SimulationOptions(Seed: 1, Dt: 0.1));
        sim.Run(1_000_000);
        Assert.Equal(1_000_000, sim.Clock.Tick);
        Assert.Equal(100_000.0, sim.Clock.Time); // summing 0.1 a million times would give 100000.0000013329
        Assert.Equal(0.1, sim.Clock.Dt);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_time_step_that_is_not_a_positive_finite_number_is_refused(double dt)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationClock(dt));
        Assert.Equal("dt", ex.ParamName);
    }

    [Fact]
    public void Systems_run_by_phase_then_registration_order_and_see_the_current_tick()
    {
        var log = new List<string>();
        var sim = new Simulation(new SimulationOptions(1, 0.5));
        sim.AddSystem(Phase.Events, new Recorder("events", log))
           .AddSystem(Phase.Behaviour, new Recorder("behaviour-1", log))
           .AddSystem(Phase.Physics, new Recorder("physics", log))
           .AddSystem(Phase.Behaviour, new Recorder("behaviour-2", log))
           .AddSystem(Phase.Output, new Recorder("output", log));
        sim.Run(2);
        Assert.Equal(
            [
                "behaviour-1@0", "behaviour-2@0", "physics@0", "events@0", "output@0",
                "behaviour-1@1", "behaviour-2@1", "physics@1", "events@1", "output@1",
            ],
            log);
    }

    [Fact]
    public void Each_systems_commands_are_played_back_before_the_next_system_runs()
    {
        var sim = new Simulation(new SimulationOptions(1, 1));
        var counts = new List<int>();
        sim.AddSystem(Phase.Behaviour, new Spawner());
        sim.AddSystem(Phase.Physics, new Counter(counts));
        sim.Run(3);
        Assert.Equal([1, 2, 3], counts);
    }

    [Fact]
    public void A_failing_system_is_named_with_its_phase_and_tick()
    {
        var sim = new Simulation(new SimulationOptions(1, 0.25));
        sim.AddSystem(Phase.Physics, new FailsAtTick(2));
        sim.Run(2);
        var ex = Assert.Throws<SimulationStepException>(sim.Step);
        Assert.Equal(2, ex.Tick);
        Assert.Contains("FailsAtTick (Physics phase) failed at tick 2, t = 0.5 s", ex.Message, StringComparison.Ordinal);
        Assert.Contains("boom", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_clock_is_a_world_resource_and_survives_a_snapshot()
    {
        var sim = new Simulation(new SimulationOptions(1, 0.05));
        sim.Run(7);
        World restored = World.Restore(sim.World.Snapshot());
        var resumed = new Simulation(new SimulationOptions(1, 0.05), restored);
        Assert.Equal(7, resumed.Clock.Tick);
        Assert.Throws<ArgumentException>(() => new Simulation(new SimulationOptions(1, 0.1), World.Restore(sim.World.Snapshot())));
    }

    private sealed class Recorder(string name, List<string> log) : ISystem
    {
        public void Update(SystemContext context) => log.Add($"{name}@{context.Clock.Tick}");
    }

    private sealed class Spawner : ISystem
    {
        public void Update(SystemContext context)
        {
            Entity e = context.Commands.Create();
            context.Commands.Add(e, new StableId((ulong)context.Clock.Tick));
        }
    }

    private sealed class Counter(List<int> counts) : ISystem
    {
        public void Update(SystemContext context) => counts.Add(context.World.CountEntities(new QueryDescription().WithAll<StableId>()));
    }

    private sealed class FailsAtTick(long tick) : ISystem
    {
        public void Update(SystemContext context)
        {
            if (context.Clock.Tick == tick)
            {
                throw new InvalidOperationException("boom");
            }
        }
    }
}
