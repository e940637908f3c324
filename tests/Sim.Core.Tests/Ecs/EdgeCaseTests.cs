using System.Buffers;
using System.Reflection;
using System.Runtime.Loader;
using MessagePack;
using Sim.Core.Ecs;
using Sim.Core.Kernel;

namespace Sim.Core.Tests.Ecs;

/// <summary>
/// Edge cases found by an independent review of Sim.Core/Ecs and Sim.Core/Kernel (each was a bug; the summaries
/// say what used to go wrong). Each test states the behaviour users rely on.
/// </summary>
public class EdgeCaseTests
{
    private static readonly QueryDescription WithHealth = new QueryDescription().WithAll<Health>();

    // ---- Parallel queries -------------------------------------------------------------------------------------

    /// <summary>World.Parallel.cs:78-94: with one worker thread (or one chunk) a failing job's exception escapes
    /// raw; with several it is wrapped in AggregateException (the documented type). Error handling thus depends on
    /// WorkerThreads, which "results never depend on".</summary>
    [Fact]
    public void A_failing_chunk_job_throws_the_same_exception_type_whatever_the_thread_count()
    {
        var types = new List<Type>();
        foreach (int threads in new[] { 1, 2 })
        {
            var world = new World { WorkerThreads = threads };
            for (int i = 0; i < World.ChunkRows + 1; i++)
            {
                world.Create(new Health { Value = i });
            }

            Exception ex = Record.Exception(() => world.ParallelQuery(WithHealth, default(Throws)))!;
            types.Add(ex.GetType());
            Assert.False(world.IsIterating);
        }

        Assert.Equal([typeof(ChunkJobException), typeof(ChunkJobException)], types);
    }

    /// <summary>Query.cs:95-105 and World.Query.cs:8-18: a chunk job that reads a query (Count, Archetypes,
    /// CountEntities, a nested sequential Query) refreshes the shared cached Query from several worker threads at
    /// once. Query.Refresh and the query dictionary are unsynchronised: the List gets duplicated archetypes (the
    /// query then visits them twice, forever) or throws from inside List.Add.</summary>
    [Fact]
    public void Reading_a_query_from_parallel_chunk_jobs_does_not_corrupt_the_cached_query()
    {
        var failures = new List<string>();
        for (int attempt = 0; attempt < 40 && failures.Count == 0; attempt++)
        {
            var world = new World { WorkerThreads = 2 };
            _ = world.Query(WithHealth).Count; // cached now, refreshed lazily later
            for (int mask = 0; mask < 1 << BitAdders.Length; mask++)
            {
                Entity e = world.Create(new Health { Value = 1 });
                for (int b = 0; b < BitAdders.Length; b++)
                {
                    if ((mask & (1 << b)) != 0)
                    {
                        BitAdders[b](world, e);
                    }
                }
            }

            int healthy = 1 << BitAdders.Length;
            for (int i = 0; i < 2 * World.ChunkRows; i++)
            {
                world.Create(new Position { X = i });
            }

            var counts = new int[2];
            using var barrier = new Barrier(2);
            Exception? ex = Record.Exception(() =>
                world.ParallelQuery(new QueryDescription().WithAll<Position>(), new CountFromWorker(world, barrier, counts)));
            if (ex is not null)
            {
                failures.Add($"attempt {attempt}: {ex.GetType().Name}: {ex.InnerException?.Message ?? ex.Message}");
                break;
            }

            IReadOnlyList<Archetype> matched = world.Query(WithHealth).Archetypes;
            if (matched.Distinct().Count() != matched.Count || world.CountEntities(WithHealth) != healthy || counts.Any(c => c != healthy))
            {
                failures.Add($"attempt {attempt}: query lists {matched.Count} archetypes ({matched.Distinct().Count()} distinct), "
                    + $"counts {string.Join(", ", counts)} and {world.CountEntities(WithHealth)}, expected {healthy}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    // ---- Command buffers --------------------------------------------------------------------------------------

    /// <summary>CommandBuffer.cs:30-36, 102-106: pending handles are -(n+1) with no buffer or recording identity.
    /// A pending handle kept past its playback silently resolves to whatever entity the next recording creates
    /// first, instead of failing.</summary>
    [Fact]
    public void A_pending_handle_from_an_earlier_playback_does_not_resolve_to_a_new_entity()
    {
        var world = new World();
        var buffer = new CommandBuffer();
        Entity old = buffer.Create();
        buffer.Playback(world);

        _ = buffer.Create();
        buffer.Add(old, new Tag { Value = 1 }); // stale pending handle from the previous recording
        _ = Record.Exception(() => buffer.Playback(world));
        Entity fresh = buffer.Created[0];

        Assert.False(world.Has<Tag>(fresh), $"the stale pending handle {old} was resolved to the new entity {fresh}");
    }

    /// <summary>Same root cause across buffers (e.g. two chunk buffers of a ParallelQuery, or a system's buffer and
    /// a chunk buffer): a pending handle of buffer A used in buffer B is resolved against B's creations.</summary>
    [Fact]
    public void A_pending_handle_of_one_buffer_is_not_resolved_by_another_buffer()
    {
        var world = new World();
        var a = new CommandBuffer();
        var b = new CommandBuffer();
        Entity pendingOfA = a.Create();
        _ = b.Create();
        b.Add(pendingOfA, new Tag { Value = 7 });

        a.Playback(world);
        _ = Record.Exception(() => b.Playback(world));

        Entity createdByB = b.Created[0];
        Assert.False(world.Has<Tag>(createdByB), $"{pendingOfA} of buffer A was applied to {createdByB}, created by buffer B");
    }

    // ---- Iteration guard --------------------------------------------------------------------------------------

    /// <summary>Query.cs:125-176 / World.cs:167-169: the guard count is decremented per enumerator copy and never
    /// checked, so disposing a copied enumerator drives _iterating to -1 and the world refuses every structural
    /// change forever (IsIterating stays true).</summary>
    [Fact]
    public void Disposing_a_copied_chunk_enumerator_does_not_lock_the_world()
    {
        var world = new World();
        world.Create(new Health { Value = 1 });
        ChunkEnumerator first = world.Query(WithHealth).GetChunks().GetEnumerator();
        ChunkEnumerator copy = first;
        first.Dispose();
        copy.Dispose();

        Assert.False(world.IsIterating);
        world.Create(); // used to throw StructuralChangeException forever
    }

    // ---- Entity creation --------------------------------------------------------------------------------------

    /// <summary>Signature.cs:9-15 throws inside a static initialiser: Create&lt;Health, Health&gt; fails with a
    /// TypeInitializationException ("The type initializer for 'Signature`2' threw"), not the ArgumentException
    /// the code means to raise, and it names an internal type.</summary>
    [Fact]
    public void Creating_with_a_repeated_component_type_gives_a_clear_argument_error()
    {
        var world = new World();
        Exception ex = Record.Exception(() => world.Create(new Health { Value = 1 }, new Health { Value = 2 }))!;
        Assert.IsType<ArgumentException>(ex);
        Assert.Equal(0, world.Count);
    }

    /// <summary>Archetype.cs:76 (public GetSpan) bounds-checks against the column's capacity, not Count, so a caller can
    /// write rows that do not exist yet; AddRow (Archetype.cs:87-96) does not zero the row it hands out, so the next
    /// entity moved into that archetype gets the stray value instead of the documented default.</summary>
    [Fact]
    public void Archetype_spans_cannot_reach_rows_past_the_entity_count()
    {
        var world = new World();
        Entity first = world.Create(new Health { Value = 1 });
        world.Add<Tag>(first);
        Archetype table = world.GetArchetype(first);

        Exception? ex = Record.Exception(() => table.GetSpan<Tag>(0, table.Count + 1)[1] = new Tag { Value = 99 });

        Entity second = world.Create(new Health { Value = 2 });
        world.Add<Tag>(second); // "adds Tag with its default value"
        Assert.True(ex is ArgumentOutOfRangeException, $"a span past Count was handed out; the next Add<Tag> then reads Tag {{ Value = {world.Get<Tag>(second).Value} }}");
    }

    // ---- Snapshots --------------------------------------------------------------------------------------------

    /// <summary>Kernel never registers SimulationClock, and ComponentType registers a type only on first use. A
    /// fresh process (simulated here by a fresh AssemblyLoadContext, whose statics are new) therefore cannot
    /// restore the snapshot of any Simulation's world: "resource type 'Sim.Core.Kernel.SimulationClock' is not
    /// registered in this process".</summary>
    [Fact]
    public void A_fresh_process_can_restore_a_simulation_snapshot()
    {
        var sim = new Simulation(new SimulationOptions(1, 0.1));
        sim.Run(3);
        byte[] snapshot = sim.World.Snapshot();

        var context = new AssemblyLoadContext("fresh-process", isCollectible: true);
        try
        {
            Assembly core = context.LoadFromAssemblyPath(typeof(World).Assembly.Location);
            MethodInfo restore = core.GetType(typeof(World).FullName!)!.GetMethod(nameof(World.Restore))!;
            Exception? ex = Record.Exception(() => restore.Invoke(null, [new ReadOnlyMemory<byte>(snapshot)]));
            Assert.True(ex is null, ex?.InnerException?.Message);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>World.Snapshot.cs:144-155 / SnapshotReader.cs:10-63: bytes after the snapshot's map are ignored,
    /// so a snapshot with garbage appended (or two snapshots concatenated) restores without complaint.</summary>
    [Fact]
    public void Trailing_bytes_after_a_snapshot_are_rejected()
    {
        var world = new World();
        world.Create(new Health { Value = 3 });
        byte[] good = world.Snapshot();
        byte[] padded = [.. good, .. good];
        Assert.Throws<SnapshotFormatException>(() => World.Restore(padded));
    }

    /// <summary>World.Snapshot.cs:151 catches only MessagePackSerializationException, EndOfStreamException and
    /// OverflowException. A bin32/str32 header whose length has the top bit set (found by fuzzing a valid
    /// snapshot) makes MessagePackReader.ReadBytes (SnapshotReader.cs:275) or Skip (SnapshotReader.cs:43) throw
    /// ArgumentOutOfRangeException, which escapes Restore.</summary>
    [Theory]
    [InlineData(new byte[] { 0x81, 0xA4, (byte)'f', (byte)'r', (byte)'e', (byte)'e', 0xC6, 0xFF, 0xFF, 0xFF, 0xFF })] // free: bin32, length 2^32-1
    [InlineData(new byte[] { 0x81, 0xA1, (byte)'x', 0xC6, 0xFF, 0xFF, 0xFF, 0xFF })] // unknown field skipped: bin32
    [InlineData(new byte[] { 0x81, 0xA1, (byte)'x', 0xDB, 0xFF, 0xFF, 0xFF, 0xFF })] // unknown field skipped: str32
    public void A_huge_length_prefix_gives_a_snapshot_format_error(byte[] bytes)
    {
        Exception ex = Record.Exception(() => World.Restore(bytes))!;
        Assert.IsType<SnapshotFormatException>(ex);
    }

    /// <summary>SnapshotReader.cs:144-152: a resource listed twice is accepted (the last one silently wins), and the
    /// restored world's snapshot differs from the bytes it was restored from.</summary>
    [Fact]
    public void A_resource_listed_twice_is_rejected()
    {
        string marker = ComponentType.Register<Marker>().Name;
        byte[] snapshot = HandMadeSnapshot([], [], [], (marker, BitConverter.GetBytes(1)), (marker, BitConverter.GetBytes(2)));
        Assert.Throws<SnapshotFormatException>(() => World.Restore(snapshot));
    }

    // ---- Entity versions --------------------------------------------------------------------------------------

    /// <summary>World.cs:102: a slot's version wraps from int.MaxValue back to 1, so after 2^31 - 1 recycles of
    /// one id (LIFO recycling makes one hot slot take most of them) a first-generation handle is alive again and
    /// names an unrelated entity: stale-handle detection silently fails. (The snapshot only fast-forwards the
    /// slot's version.)</summary>
    [Fact]
    public void A_handle_from_the_first_generation_of_a_slot_never_becomes_alive_again()
    {
        World world = World.Restore(HandMadeSnapshot([int.MaxValue], [], [0]));
        var ancient = new Entity(0, 1); // the slot's first handle, kept somewhere (e.g. in a Target component)
        world.Destroy(new Entity(0, int.MaxValue));
        Entity unrelated = world.Create();

        Assert.False(world.IsAlive(ancient), $"{ancient} is alive again and names {unrelated}");
    }

    /// <summary>ComponentType.cs:96: the stable name is Type.FullName, which for a generic type embeds the
    /// assembly-qualified names of its arguments, versions and key tokens included
    /// ("...Bit`1[[System.Byte, System.Private.CoreLib, Version=10.0.0.0, ...]]"). Snapshot bytes and world hashes
    /// of worlds with generic components then change with an assembly version bump or a runtime major version, and
    /// old snapshots stop restoring.</summary>
    [Fact]
    public void Stable_names_of_generic_components_do_not_depend_on_assembly_versions()
    {
        string name = ComponentType.Register<Bit<byte>>().Name;
        Assert.DoesNotContain("Version=", name, StringComparison.Ordinal);
        Assert.DoesNotContain("PublicKeyToken", name, StringComparison.Ordinal);
    }

    // ---- Kernel -----------------------------------------------------------------------------------------------

    /// <summary>Simulation.cs:35-43: options.Dt is only validated through new SimulationClock(options.Dt) when the
    /// world has no clock. A world whose clock is default(SimulationClock) (Dt = 0), e.g. from SetResource(default)
    /// or a restored snapshot, is accepted with dt = 0 (or any value equal to the clock's): time never advances.</summary>
    [Fact]
    public void A_simulation_refuses_a_world_whose_clock_has_an_invalid_time_step()
    {
        var world = new World();
        world.SetResource(default(SimulationClock));
        Assert.ThrowsAny<ArgumentException>(() => new Simulation(new SimulationOptions(1, 0), world));
    }

    /// <summary>Simulation.cs:34: the constructor sets World.WorkerThreads before checking the clock, so a refused
    /// Simulation still changes the caller's world.</summary>
    [Fact]
    public void A_refused_simulation_leaves_the_world_unchanged()
    {
        var world = new World();
        world.SetResource(new SimulationClock(0.1));
        Assert.Throws<ArgumentException>(() => new Simulation(new SimulationOptions(1, 0.2, WorkerThreads: 8), world));
        Assert.Equal(1, world.WorkerThreads);
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    /// <summary>A snapshot in the documented layout: the given entity versions and free list, the empty archetype
    /// holding <paramref name="emptyArchetypeIds"/>, and the given resources.</summary>
    private static byte[] HandMadeSnapshot(int[] versions, int[] free, int[] emptyArchetypeIds, params (string Name, byte[] Bytes)[] resources)
    {
        static byte[] Ints(int[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(6);
        writer.Write("format");
        writer.Write(World.SnapshotFormat);
        writer.Write("version");
        writer.Write(World.SnapshotVersion);
        writer.Write("entityVersions");
        writer.Write(Ints(versions));
        writer.Write("free");
        writer.Write(Ints(free));
        writer.Write("archetypes");
        writer.WriteArrayHeader(1);
        writer.WriteMapHeader(4);
        writer.Write("components");
        writer.WriteArrayHeader(0);
        writer.Write("sizes");
        writer.WriteArrayHeader(0);
        writer.Write("entities");
        writer.Write(Ints(emptyArchetypeIds));
        writer.Write("columns");
        writer.WriteArrayHeader(0);
        writer.Write("resources");
        writer.WriteArrayHeader(resources.Length);
        foreach ((string name, byte[] bytes) in resources)
        {
            writer.WriteArrayHeader(2);
            writer.Write(name);
            writer.Write(bytes);
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public struct Bit<T>
        where T : unmanaged
    {
        public T Value;
    }

    private static readonly Action<World, Entity>[] BitAdders =
    [
        (w, e) => w.Add<Bit<byte>>(e),
        (w, e) => w.Add<Bit<sbyte>>(e),
        (w, e) => w.Add<Bit<short>>(e),
        (w, e) => w.Add<Bit<ushort>>(e),
        (w, e) => w.Add<Bit<int>>(e),
        (w, e) => w.Add<Bit<uint>>(e),
        (w, e) => w.Add<Bit<long>>(e),
        (w, e) => w.Add<Bit<ulong>>(e),
        (w, e) => w.Add<Bit<float>>(e),
        (w, e) => w.Add<Bit<double>>(e),
    ];

    private readonly struct Throws : IChunkJob
    {
        public void Execute(in Chunk chunk, CommandBuffer commands) => throw new InvalidOperationException("job failed");
    }

    private readonly struct CountFromWorker(World world, Barrier barrier, int[] counts) : IChunkJob
    {
        public void Execute(in Chunk chunk, CommandBuffer commands)
        {
            barrier.SignalAndWait(TimeSpan.FromSeconds(5)); // both chunks start their reads together
            counts[chunk.Index] = world.Query(WithHealth).Count;
        }
    }
}
