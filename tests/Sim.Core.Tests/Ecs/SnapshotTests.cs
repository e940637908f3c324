using MessagePack;
using Sim.Core.Ecs;

namespace Sim.Core.Tests.Ecs;

public class SnapshotTests
{
    private static World Sample()
    {
        var world = new World();
        var entities = new List<Entity>();
        for (int i = 0; i < 500; i++)
        {
            entities.Add(i % 2 == 0 ? world.Create(new Position { X = i }, new Velocity { Y = -i }) : world.Create(new Health { Value = i }));
        }

        for (int i = 0; i < 500; i += 7)
        {
            world.Destroy(entities[i]);
        }

        world.Add(entities[1], new Tag { Value = 99 });
        world.SetResource(new Marker { Value = 3 });
        return world;
    }

    [Fact]
    public void Snapshot_restore_snapshot_is_byte_identical_and_iterates_in_the_same_order()
    {
        World world = Sample();
        byte[] first = world.Snapshot();
        World restored = World.Restore(first);

        Assert.Equal(first, restored.Snapshot());
        Assert.Equal(world.ComputeHash(), restored.ComputeHash());
        Assert.Equal(world.GetEntities(), restored.GetEntities());
        Assert.Equal(world.Count, restored.Count);
        Assert.Equal(3, restored.GetResource<Marker>().Value);

        // The restored world keeps recycling ids exactly as the original would.
        Assert.Equal(world.Create(new Tag()), restored.Create(new Tag()));
        Assert.Equal(world.ComputeHash(), restored.ComputeHash());
    }

    [Fact]
    public void Snapshot_is_plain_msgpack_that_a_generic_reader_parses()
    {
        byte[] bytes = Sample().Snapshot();
        var map = (Dictionary<object, object>)MessagePackSerializer.Deserialize<object>(bytes, MessagePack.Resolvers.ContractlessStandardResolver.Options)!;
        Assert.Equal(World.SnapshotFormat, map["format"]);
        Assert.Equal((byte)World.SnapshotVersion, Convert.ToByte(map["version"], System.Globalization.CultureInfo.InvariantCulture));
        var archetypes = (object[])map["archetypes"];
        Assert.Equal(Sample().Archetypes.Count, archetypes.Length);
    }

    [Fact]
    public void Hash_changes_when_any_component_value_changes()
    {
        World world = Sample();
        ulong before = world.ComputeHash();
        Entity e = world.GetEntities()[^1];
        world.Get<Health>(e).Value++;
        Assert.NotEqual(before, world.ComputeHash());
        world.Get<Health>(e).Value--;
        Assert.Equal(before, world.ComputeHash());
    }

    [Fact]
    public void Corrupt_or_foreign_bytes_give_a_clear_snapshot_error()
    {
        byte[] good = Sample().Snapshot();
        Assert.Throws<SnapshotFormatException>(() => World.Restore(good.AsMemory(0, good.Length / 2)));
        Assert.Throws<SnapshotFormatException>(() => World.Restore(new byte[] { 0xC1 }));

        var other = MessagePackSerializer.Serialize(new Dictionary<string, object> { ["format"] = "something.else", ["version"] = 1 });
        var ex = Assert.Throws<SnapshotFormatException>(() => World.Restore(other));
        Assert.Contains("expected 'sim.world.snapshot'", ex.Message, StringComparison.Ordinal);

        byte[] unknown = (byte[])good.Clone();
        ReplaceAscii(unknown, typeof(Velocity).FullName!, typeof(Velocity).FullName!.Replace("Velocity", "Velocitz", StringComparison.Ordinal));
        ex = Assert.Throws<SnapshotFormatException>(() => World.Restore(unknown));
        Assert.Contains("Velocitz", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not registered", ex.Message, StringComparison.Ordinal);
    }

    private static void ReplaceAscii(byte[] haystack, string from, string to)
    {
        byte[] needle = System.Text.Encoding.ASCII.GetBytes(from);
        int at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0);
        System.Text.Encoding.ASCII.GetBytes(to).CopyTo(haystack, at);
    }
}
