using System.Runtime.InteropServices;
using Sim.Core.Ecs;

namespace Sim.Core.Tests.Ecs;

public class ComponentTypeTests
{
    public struct Padded
    {
        public double Value;
        public int Small;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct Packed
    {
        public double Value;
        public int Small;
    }

    public unsafe struct WithFixedBuffer
    {
        public fixed byte Bytes[6];
        public short Count;
    }

    [Fact]
    public void A_component_with_padding_is_refused_with_the_fix_in_the_message()
    {
        Assert.Equal(4, ComponentType.PaddingBytes(typeof(Padded)));
        var world = new World();
        Entity e = world.Create(new Health());
        foreach (Action store in new Action[] { () => world.Create(new Padded()), () => world.Add(e, new Padded()), () => world.SetResource(new Padded()) })
        {
            var ex = Assert.Throws<ArgumentException>(store);
            Assert.Contains("ComponentTypeTests+Padded has 4 padding byte(s)", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Pack = 1", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, world.Count);
        Assert.True(world.Has<Health>(e) && !world.Has<Padded>(e));
    }

    [Fact]
    public void Packed_structs_fixed_buffers_and_the_core_types_have_no_padding()
    {
        Assert.Equal(0, ComponentType.PaddingBytes(typeof(Packed)));
        Assert.Equal(0, ComponentType.PaddingBytes(typeof(WithFixedBuffer)));
        Assert.Equal(0, ComponentType.PaddingBytes(typeof(Entity)));
        Assert.Equal(0, ComponentType.PaddingBytes(typeof(Sim.Core.Kernel.SimulationClock)));
        Assert.Equal(12, ComponentType.Register<Packed>().Size);
    }

    [Fact]
    public void Stable_names_are_namespace_qualified_and_version_free()
    {
        Assert.Equal("Sim.Core.Tests.Ecs.ComponentTypeTests+Packed", ComponentType.Register<Packed>().Name);
        Assert.Equal("System.Collections.Generic.KeyValuePair`2[System.Int32,System.Int64]", ComponentType.StableName(typeof(KeyValuePair<int, long>)));
    }
}
