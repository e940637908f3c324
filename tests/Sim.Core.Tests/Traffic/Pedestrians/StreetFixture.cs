using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Tests.Traffic.Pedestrians;

/// <summary>
/// A straight 800 m two-way street along +x: road "east" (reference y = 0, heading 0) with lanes [Driving, Driving,
/// Sidewalk] = ids 0, 1, 2 (centres y = −1.75, −5.25, −8), road "west" (reference y = 0, heading π, from x = 800)
/// with lanes ids 3, 4, 5 (centres y = +1.75, +5.25, +8; s = 800 − x), a 3 m wide crosswalk at x = 450 from the
/// south sidewalk centre (450, −8) to the north one (450, 8), and road "east2" continuing road "east" from x = 800.
/// </summary>
internal static class StreetFixture
{
    public const double CrosswalkX = 450;
    public const int EastNear = 0;   // y ∈ [−3.5, 0]
    public const int EastFar = 1;    // y ∈ [−7, −3.5]
    public const int SouthSidewalk = 2;
    public const int WestNear = 3;   // y ∈ [0, 3.5]
    public const int WestFar = 4;    // y ∈ [3.5, 7]
    public const int NorthSidewalk = 5;
    public const int East2Sidewalk = 8;

    public static RoadNetwork Network()
    {
        var builder = new RoadNetworkBuilder();
        LaneSpec[] lanes = [new(LaneKind.Driving, 3.5, 14), new(LaneKind.Driving, 3.5, 14), new(LaneKind.Sidewalk, 2.0, 0)];
        builder.AddRoad("east", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 800)), lanes);
        builder.AddRoad("west", new ReferenceLine(new LineSegment(new Pose2(800, 0, Math.PI), 800)), lanes);
        builder.AddRoad("east2", new ReferenceLine(new LineSegment(new Pose2(800, 0, 0), 100)), lanes);
        builder.AddCrosswalk((CrosswalkX, -8), (CrosswalkX, 8), width: 3);
        return builder.Build();
    }

    /// <summary>s of the crosswalk's centre line on a lane of road "east" (x) or "west" (800 − x).</summary>
    public static double CrossingS(int lane) => lane is EastNear or EastFar ? CrosswalkX : 800 - CrosswalkX;

    public static Simulation Create(ulong seed, int threads = 1, double dt = 0.05)
    {
        var sim = new Simulation(new SimulationOptions(seed, dt, threads));
        sim.World.SetManagedResource(Network());
        sim.AddSystem(Phase.Physics, new ConstantSpeedVehicles());
        sim.AddPedestrianSystems();
        return sim;
    }

    /// <summary>A car on <paramref name="lane"/> at s driving at a constant speed (moved by <see cref="ConstantSpeedVehicles"/>).</summary>
    public static Entity AddCar(World world, int lane, double s, double speed)
    {
        var motion = new LaneMotion { Lane = lane, TargetLane = lane, S = s, Speed = speed };
        var pose = new ActorPose();
        Entity car = world.Create(motion, pose, ActorDimensions.Typical(ActorClass.Car));
        ConstantSpeedVehicles.WritePose(world.GetManagedResource<RoadNetwork>(), ref world.Get<LaneMotion>(car), ref world.Get<ActorPose>(car));
        return car;
    }

    /// <summary>Places a car on <paramref name="lane"/> so that its front reaches the near edge of the crosswalk strip
    /// after <paramref name="arrival"/> s at <paramref name="speed"/>.</summary>
    public static Entity AddCarArrivingIn(World world, int lane, double arrival, double speed)
    {
        double halfLength = ActorDimensions.Typical(ActorClass.Car).Length / 2.0;
        double s = CrossingS(lane) - 1.5 - halfLength - (speed * arrival);
        return AddCar(world, lane, s, speed);
    }

    public static void RunFor(this Simulation sim, double seconds, Action? afterEachStep = null)
    {
        long steps = (long)Math.Round(seconds / sim.Options.Dt);
        for (long i = 0; i < steps; i++)
        {
            sim.Step();
            afterEachStep?.Invoke();
        }
    }

    /// <summary>Moves every <see cref="LaneMotion"/> entity at its constant speed along its lane and writes its pose.</summary>
    public sealed class ConstantSpeedVehicles : ISystem
    {
        private static readonly QueryDescription Cars = new QueryDescription().WithAll<LaneMotion, ActorPose>();

        public void Update(SystemContext context)
        {
            RoadNetwork network = context.World.GetManagedResource<RoadNetwork>();
            double dt = context.Clock.Dt;
            context.World.Query(Cars, (ref LaneMotion m, ref ActorPose p) =>
            {
                m.S += m.Speed * dt;
                WritePose(network, ref m, ref p);
            });
        }

        public static void WritePose(RoadNetwork network, ref LaneMotion m, ref ActorPose p)
        {
            Pose2 pose = network.ToWorld(new LanePosition(m.Lane, m.S, m.T));
            p.X = pose.X;
            p.Y = pose.Y;
            p.Heading = pose.Heading;
            p.Vx = m.Speed * Math.Cos(pose.Heading);
            p.Vy = m.Speed * Math.Sin(pose.Heading);
        }
    }
}

/// <summary>Oriented-box overlap by the separating axis theorem.</summary>
internal static class Boxes
{
    public static bool Overlap(in ActorPose a, in ActorBody ba, in ActorPose b, in ActorBody bb)
    {
        Span<(double X, double Y)> axes = [Axis(a.Heading), Normal(a.Heading), Axis(b.Heading), Normal(b.Heading)];
        foreach ((double ax, double ay) in axes)
        {
            double ra = Radius(a.Heading, ba, ax, ay), rb = Radius(b.Heading, bb, ax, ay);
            double distance = Math.Abs(((b.X - a.X) * ax) + ((b.Y - a.Y) * ay));
            if (distance > ra + rb)
            {
                return false;
            }
        }

        return true;
    }

    private static (double, double) Axis(double h) => (Math.Cos(h), Math.Sin(h));

    private static (double, double) Normal(double h) => (-Math.Sin(h), Math.Cos(h));

    private static double Radius(double heading, in ActorBody body, double ax, double ay)
    {
        (double fx, double fy) = Axis(heading);
        (double lx, double ly) = Normal(heading);
        return (body.Length / 2 * Math.Abs((fx * ax) + (fy * ay))) + (body.Width / 2 * Math.Abs((lx * ax) + (ly * ay)));
    }
}
