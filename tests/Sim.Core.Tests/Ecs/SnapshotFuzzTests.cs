using CsCheck;
using Sim.Core.Ecs;

namespace Sim.Core.Tests.Ecs;

/// <summary>A snapshot is input: corrupt bytes must give <see cref="SnapshotFormatException"/>, never a crash or another exception.</summary>
public class SnapshotFuzzTests
{
    private static readonly byte[] Valid = BuildValid();

    private static byte[] BuildValid()
    {
        var world = new World();
        for (int i = 0; i < 40; i++)
        {
            Entity e = i % 3 == 0 ? world.Create(new Position { X = i }, new Velocity()) : world.Create(new Health { Value = i });
            if (i % 4 == 0)
            {
                world.Destroy(e);
            }
        }

        world.SetResource(new Marker { Value = 7 });
        return world.Snapshot();
    }

    [Fact]
    public void Random_corruptions_of_a_valid_snapshot_restore_or_fail_with_a_snapshot_error()
    {
        Gen.Select(Gen.Int[0, Valid.Length - 1].Array[1, 6], Gen.Byte.Array[6], Gen.Int[0, Valid.Length])
            .Sample((positions, values, cut) =>
            {
                byte[] bytes = Valid[..Math.Max(1, cut == Valid.Length ? Valid.Length : cut + 1)];
                for (int i = 0; i < positions.Length; i++)
                {
                    if (positions[i] < bytes.Length)
                    {
                        bytes[positions[i]] = values[i];
                    }
                }

                try
                {
                    World world = World.Restore(bytes);
                    Assert.Equal(world.Snapshot(), World.Restore(world.Snapshot()).Snapshot()); // what restores is consistent
                }
                catch (SnapshotFormatException)
                {
                }
            }, iter: 20_000);
    }

    [Fact]
    public void Random_bytes_fail_with_a_snapshot_error()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            try
            {
                World.Restore(bytes);
            }
            catch (SnapshotFormatException)
            {
            }
        }, iter: 20_000);
    }
}
